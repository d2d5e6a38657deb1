"""Pure drawing functions: each takes numbers (from ``advcnn.cost``, ``advcnn.train``, …) and
returns a matplotlib figure, so that every plot can be made and tested without a notebook."""

from advcnn.plots.costs import (
    COST_COLORS,
    bottleneck_bars,
    draw_pointwise_conv,
    format_count,
    plot_bottleneck_costs,
    plot_stacked_costs,
)
from advcnn.plots.gradients import (
    PLAIN_COLOR,
    RESIDUAL_COLOR,
    SHORTCUT_KINDS,
    draw_blocks,
    moving_average,
    plot_block_gradients,
    plot_jacobian_products,
    plot_jacobians,
    plot_loss_curves,
)
from advcnn.plots.inception import (
    BRANCH_COLORS,
    BRANCH_NAMES,
    block_totals,
    draw_inception_module,
    draw_padding,
    plot_block_costs,
    plot_concat_channels,
    predicted_layer_costs,
    predicted_shape_trace,
)
from advcnn.plots.training import (
    LECTURE_ACCURACY,
    LivePlot,
    Misclassified,
    ResultRow,
    ResultsTable,
    find_misclassified,
    plot_cost_and_speed,
    plot_history,
    plot_misclassified,
    plot_seed_accuracies,
    result_row,
    summarise_seeds,
)

__all__ = [
    # advcnn.plots.costs
    "COST_COLORS",
    "bottleneck_bars",
    "draw_pointwise_conv",
    "format_count",
    "plot_bottleneck_costs",
    "plot_stacked_costs",
    # advcnn.plots.gradients
    "PLAIN_COLOR",
    "RESIDUAL_COLOR",
    "SHORTCUT_KINDS",
    "draw_blocks",
    "moving_average",
    "plot_block_gradients",
    "plot_jacobian_products",
    "plot_jacobians",
    "plot_loss_curves",
    # advcnn.plots.inception
    "BRANCH_COLORS",
    "BRANCH_NAMES",
    "block_totals",
    "draw_inception_module",
    "draw_padding",
    "plot_block_costs",
    "plot_concat_channels",
    "predicted_layer_costs",
    "predicted_shape_trace",
    # advcnn.plots.training
    "LECTURE_ACCURACY",
    "LivePlot",
    "Misclassified",
    "ResultRow",
    "ResultsTable",
    "find_misclassified",
    "plot_cost_and_speed",
    "plot_history",
    "plot_misclassified",
    "plot_seed_accuracies",
    "result_row",
    "summarise_seeds",
]
