"""The Chinese catalogue of what the notebooks' own code prints: sentences about their results.

One dict per notebook, merged into ``advcnn.messages_zh.ZH``.
"""

from __future__ import annotations

__all__ = ["NOTEBOOKS"]

NB01: dict[str, str] = {
    # notebooks/01_one_by_one_convolution.ipynb
    "Nothing in this notebook trains: it runs in seconds in either mode.": (
        "本笔记本不训练任何网络：两种模式下都只需几秒就能跑完。"
    ),
    "einsum    equals conv:": "einsum    与卷积结果相同：",
    "W @ X + b equals conv:": "W @ X + b 与卷积结果相同：",
    "nn.Linear equals conv:": "nn.Linear 与卷积结果相同：",
    "rank of the 16 x 192 weight matrix:": "16 x 192 权重矩阵的秩：",
    "inputs differ:  ": "输入不同：",
    "outputs are equal:": "输出相同：",
    "with bias    : {flops:,} FLOPs": "有偏置：{flops:,} FLOPs",
    "without bias : {flops:,} FLOPs": "无偏置：{flops:,} FLOPs",
    "bias additions: {count:,}, {share:.2%} of the MACs": (
        "偏置的加法：{count:,} 次，相当于 MACs 的 {share:.2%}"
    ),
    "1 thread of a {cores}-core {arch} CPU": "一台 {cores} 核 {arch} CPU 的 1 个线程",
    "direct 5×5   : {ms:6.1f} ms": "直接 5×5 卷积：{ms:6.1f} ms",
    "1×1 then 5×5 : {ms:6.1f} ms   ({speedup:.1f}× faster)": (
        "先 1×1 再 5×5：{ms:6.1f} ms   （加速 {speedup:.1f}×）"
    ),
    "MACs predict : {speedup:.1f}× faster": "按 MACs 预测：加速 {speedup:.1f}×",
    "measured on {machine}": "测量环境：{machine}",
    (
        "{name}: 5×5 branch {c_in}→16→24 on {size}×{size}: direct {direct:>7,} MACs, "
        "through 1×1 {through:>9,} MACs, ratio {ratio:.3f} ({change:+.0%})"
    ): (
        "{name}：{size}×{size} 上的 5×5 分支 {c_in}→16→24：直接卷积 {direct:>7,} MACs，"
        "经过 1×1 {through:>9,} MACs，比值 {ratio:.3f}（{change:+.0%}）"
    ),
    "output channels:": "输出通道数：",
    "inception (3a) as in GoogLeNet: {macs:,} MACs ≈ {millions:.0f}M": (
        "GoogLeNet 原版的 inception (3a)：{macs:,} MACs ≈ {millions:.0f}M"
    ),
    "branch   with 1×1 reductions   without": "分支          有 1×1 降维        无降维",
    "the reductions save {share:.1%} of the MACs": "降维省下了 {share:.1%} 的 MACs",
    (
        "output channels: {with_reductions} with, {without_reductions} without "
        "({factor:.2f}× as many for the next module to read)"
    ): (
        "输出通道数：有降维 {with_reductions}，无降维 {without_reductions}"
        "（下一个模块要读入的通道数是原来的 {factor:.2f} 倍）"
    ),
    "with 1×1 reductions": "有 1×1 降维",
    "without (naive module)": "无降维（朴素模块）",
    "inception (3a), lecture's version, one 28×28 image": (
        "inception (3a)，课程中的版本，一张 28×28 图像"
    ),
    # notebooks/solutions/01_solutions.ipynb
    (
        "C_in={c_in:>3}, C_out={c_out}, k={k}: bound {bound:.1f}, break_even {width:>3}; "
        "mac_ratio {at:.4f} at C_b={width}, {above:.4f} at C_b={wider}"
    ): (
        "C_in={c_in:>3}，C_out={c_out}，k={k}：界限 {bound:.1f}，break_even {width:>3}；"
        "C_b={width} 时 mac_ratio 为 {at:.4f}，C_b={wider} 时为 {above:.4f}"
    ),
    (
        "C_in={c_in:>3}, C_out={c_out:>3}, k={k}: ratio at C_b = C_in {at_c_in:.4f} "
        "(bottleneck_cost {measured:.4f}), break-even width {width:>3}"
    ): (
        "C_in={c_in:>3}，C_out={c_out:>3}，k={k}：C_b = C_in 时比值为 {at_c_in:.4f}"
        "（bottleneck_cost 给出 {measured:.4f}），临界宽度 {width:>3}"
    ),
    (
        "{c_in:>3} → {c_b:>2} → {c_out:>2}: saves {saves!s:<5} (mac_ratio {ratio:.3f}), "
        "rank of W2 @ W1 {rank:>2}, max_rank {max_rank:>2}"
    ): (
        "{c_in:>3} → {c_b:>2} → {c_out:>2}：saves {saves!s:<5}（mac_ratio {ratio:.3f}），"
        "W2 @ W1 的秩 {rank:>2}，max_rank {max_rank:>2}"
    ),
    (
        "C={channels:>2}: two 3×3 {two:>10,} MACs, one 5×5 {one:>10,} MACs, "
        "ratio {ratio:.4f}, saving {saving:.0%}"
    ): (
        "C={channels:>2}：两个 3×3 {two:>10,} MACs，一个 5×5 {one:>10,} MACs，"
        "比值 {ratio:.4f}，节省 {saving:.0%}"
    ),
    "the middle 7×7 of the output:": "输出中间的 7×7 区域：",
    "non-zero outputs:": "非零输出的个数：",
    "MACs predict {direct:,} / {bottleneck:,} = {predicted:.2f}× faster": (
        "按 MACs 预测：{direct:,} / {bottleneck:,} = 加速 {predicted:.2f}×"
    ),
    (
        "batch {size:>2}: direct {direct_ms:7.1f} ms, 1×1 then 5×5 {bottleneck_ms:6.1f} ms, "
        "{speedup:.1f}× faster"
    ): (
        "批大小 {size:>2}：直接卷积 {direct_ms:7.1f} ms，先 1×1 再 5×5 {bottleneck_ms:6.1f} ms，"
        "加速 {speedup:.1f}×"
    ),
    "closest to the prediction in this run: batch {closest}": (
        "本次运行中最接近预测的：批大小 {closest}"
    ),
}
NB02: dict[str, str] = {
    # notebooks/02_inception_module.ipynb
    "cat : {shape} with {widths} channels": "cat : {shape}，通道数为 {widths}",
    "the same as InceptionA's forward: {same}": "与 InceptionA 的 forward 结果相同：{same}",
    "channels 16 to 39 are the 5×5 branch: {same}": "第 16 到 39 个通道正是 5×5 分支：{same}",
    "corner = (sum of its 4 real neighbours) / 9: {same}": (
        "角点 = （它周围 4 个真实像素之和）/ 9：{same}"
    ),
    "LectureNet's Inception modules are {name}": "LectureNet 的 Inception 模块是 {name}",
    "parameters: lecture {lecture:,}, advcnn {advcnn:,}": (
        "参数：课程版 {lecture:,}，advcnn 版 {advcnn:,}"
    ),
    "same seed, same initial weights: {same}": "相同的随机种子，相同的初始权重：{same}",
    "identical outputs: {same}": "输出完全相同：{same}",
    "InceptionNet computes the same from its configuration: {flat}": (
        "InceptionNet 根据自己的配置算出同样的数：{flat}"
    ),
    "arithmetic == measurement: {same}": "算术推导 == 实际测量：{same}",
    "fc input, measured: {measured} = {computed}": "fc 的输入，实测：{measured} = {computed}",
    "conv2 parameters: 88·5·5·20 + 20 = {count}": "conv2 的参数：88·5·5·20 + 20 = {count}",
    (
        "one epoch over {digits:,} digits: test accuracy {accuracy:.2%}, "
        "{seconds:.0f} s on a {cores}-core CPU ({device})"
    ): (
        "在 {digits:,} 张数字图像上训练 1 轮：测试准确率 {accuracy:.2%}，"
        "在 {cores} 核 CPU 上用时 {seconds:.0f} s（{device}）"
    ),
    "test accuracy of the trained network: {accuracy:.2%}; shares on {digits:,} test digits": (
        "训练后网络的测试准确率：{accuracy:.2%}；信号占比在 {digits:,} 张测试图像上计算"
    ),
    "the same order": "顺序相同",
    "not all the same order": "顺序不完全相同",
    (
        "**{module}** (read by `{reader}`): by weight per channel {by_weight}; "
        "by share of the signal {by_share}; by the accuracy lost without it {by_drop} "
        "({agree}). Silencing the {worst} branch costs the most, {drop:.1%} of test accuracy."
    ): (
        "**{module}**（由 `{reader}` 读取）：按每通道权重，{by_weight}；按信号占比，{by_share}；"
        "按去掉它后损失的准确率，{by_drop}（{agree}）。屏蔽 {worst} 分支的代价最大，"
        "测试准确率下降 {drop:.1%}。"
    ),
    (
        "No single branch is indispensable: silencing any one of them costs at most "
        "{drop:.1%} of test accuracy. The trained network spreads its work over the branches."
    ): (
        "没有哪个分支是不可或缺的：屏蔽其中任何一个，测试准确率最多下降 {drop:.1%}。"
        "训练好的网络把工作分摊到了各个分支上。"
    ),
    "In this run:": "本次运行中：",
    # notebooks/solutions/02_solutions.ipynb
    "{channels} channels of {size}×{size}: {flat}": "{channels} 个 {size}×{size} 的通道：{flat}",
    "88 · {size} · {size} = {answer} | InceptionNet says {flat}": (
        "88 · {size} · {size} = {answer} | InceptionNet 给出的是 {flat}"
    ),
    "gain: {extra} | counted: {counted}": "多出：{extra} | 实际数出：{counted}",
    "branchpool still has its random weights: {same}": "branchpool 仍保留着随机权重：{same}",
    "padding {padding}: {size} pixels": "填充 {padding}：{size} 像素",
    "{count} of {total} output pixels see only padding": (
        "{total} 个输出像素中，有 {count} 个只看得到填充"
    ),
    "the lecture's network: {lecture:,} parameters": "课程的网络：{lecture:,} 个参数",
    "one channel less in the {label:<10}: {saved:>5,} parameters fewer": (
        "{label:<10} 少一个通道：参数少 {saved:>5,} 个"
    ),
    "{widths}: {channels} channels, {params:,} parameters": (
        "{widths}：{channels} 个通道，{params:,} 个参数"
    ),
    "same outputs as InceptionA: {same}": "输出与 InceptionA 相同：{same}",
}
NB03: dict[str, str] = {
    # notebooks/03_residual_connections.ipynb
    "convolution layers: {conv_layers} (the stem + 2 in each of 20 blocks)": (
        "卷积层数：{conv_layers}（stem 1 层，加上 20 个块各 2 层）"
    ),
    "parameters, plain stack:    {params:,}": "参数，普通堆叠：{params:,}",
    "parameters, residual stack: {params:,}": "参数，残差堆叠：{params:,}",
    "gradient batch: {shape} labels {labels} ...": "求梯度用的批：{shape}，标签 {labels} ...",
    "{kind:>8}: first block {first:.3g}, last block {last:.3g}, first ÷ last {ratio:.3g}": (
        "{kind}：第一个块 {first:.3g}，最后一个块 {last:.3g}，第一个 ÷ 最后一个 {ratio:.3g}"
    ),
    "a plain block passes back about {fraction:.2f} of the gradient it receives": (
        "一个普通块大约把它收到的梯度的 {fraction:.2f} 传回去"
    ),
    "a residual block passes back about {fraction:.2f}": "一个残差块大约传回 {fraction:.2f}",
    "{dtype}: first block {first:.3g}, last block {last:.3g}": (
        "{dtype}：第一个块 {first:.3g}，最后一个块 {last:.3g}"
    ),
    "float32: {zeros} of 40 blocks get a gradient norm of exactly 0": (
        "float32：40 个块中有 {zeros} 个的梯度范数恰好为 0"
    ),
    "first block: {nonzero:,} of {total:,} gradient entries are not 0": (
        "第一个块：{total:,} 个梯度元素中有 {nonzero:,} 个不为 0"
    ),
    "largest entry {largest:.2g}; its square in float32: {square:.3g}": (
        "最大的元素 {largest:.2g}；它在 float32 中的平方：{square:.3g}"
    ),
    "norm computed in float32: {norm32:.3g}, in float64: {norm64:.3g}": (
        "用 float32 计算的范数：{norm32:.3g}，用 float64：{norm64:.3g}"
    ),
    "smallest float32 above 0: {smallest:.3g}": "float32 中大于 0 的最小数：{smallest:.3g}",
    "w - 0.01 · grad == w for every weight of the first convolution: {unchanged}": (
        "第一个卷积的每个权重都有 w - 0.01 · grad == w：{unchanged}"
    ),
    "Jacobian shape: {shape}": "雅可比矩阵的形状：{shape}",
    "largest |entry| of J_F: {largest:.2f}": "J_F 中绝对值最大的元素：{largest:.2f}",
    "I (the shortcut)": "I（捷径）",
    "J_F (the convolutions)": "J_F（两个卷积）",
    "after 20 plain blocks:    {norm:.2e}": "经过 20 个普通块后：{norm:.2e}",
    "after 20 residual blocks: {norm:.2f}": "经过 20 个残差块后：{norm:.2f}",
    "the plain product shrinks by a factor of about {factor:.2f} per block": (
        "普通堆叠的乘积每经过一个块，大约缩小为原来的 {factor:.2f}"
    ),
    (
        "SGD, lr {lr}, momentum {momentum}, batches of {batch_size}: {epochs} epoch(s) over "
        "{digits:,} digits = {steps:,} steps per network"
    ): (
        "SGD，学习率 {lr}，动量 {momentum}，批大小 {batch_size}：在 {digits:,} 个数字上训练 "
        "{epochs} 轮 = 每个网络 {steps:,} 步"
    ),
    "(the lecture's momentum: {momentum})": "（课程中的动量：{momentum}）",
    "{name:>20}: last training loss {loss:.3f}, test accuracy {accuracy:.1%}": (
        "{name:>20}：最后的训练损失 {loss:.3f}，测试准确率 {accuracy:.1%}"
    ),
    "training took {seconds:.0f} s in all, on a {cores}-core CPU": (
        "训练共用时 {seconds:.0f} 秒，在一台 {cores} 核 CPU 上"
    ),
    (
        "- **The 40-layer plain stack** ended at a training loss of {loss:.2f} "
        "(chance, $\\ln 10$, is {chance:.2f}) and a test accuracy of {accuracy:.1%}: "
    ): (
        "- **40 层的普通堆叠**最终的训练损失为 {loss:.2f}（随机猜测的损失 $\\ln 10$ 为 "
        "{chance:.2f}），测试准确率为 {accuracy:.1%}："
    ),
    (
        "it did not learn. Its accuracy is close to that of always answering the same digit. "
        "Section 1 said why: its first blocks receive gradients around $10^{-16}$ times those of "
        "its last block."
    ): (
        "它没有学会。它的准确率和永远回答同一个数字差不多。第 1 节已经说明了原因：它前面几个块"
        "收到的梯度只有最后一个块的 $10^{-16}$ 倍左右。"
    ),
    "it learned something in this run.": "这次运行中它学到了一些东西。",
    "- **The same 40 layers with shortcuts** ended at {loss:.2f} and {accuracy:.1%}": (
        "- **加上捷径连接的同样 40 层**最终为 {loss:.2f} 和 {accuracy:.1%}"
    ),
    ": they learned.": "：学会了。",
    ": they did not learn.": "：没有学会。",
    (
        "- **The shallow 2-block plain stack** ended at {loss:.2f} and {accuracy:.1%}, "
        "behind the deep residual stack."
    ): "- **只有 2 个块的浅层普通堆叠**最终为 {loss:.2f} 和 {accuracy:.1%}，落后于深层残差堆叠。",
    (
        "- **The shallow 2-block plain stack** ended at {loss:.2f} and {accuracy:.1%}, "
        "ahead of the deep residual stack."
    ): "- **只有 2 个块的浅层普通堆叠**最终为 {loss:.2f} 和 {accuracy:.1%}，领先于深层残差堆叠。",
    (
        "- Without any normalisation a 40-layer residual stack is not perfectly smooth: its logged "
        "loss rose to {loss:.2f} at step {step}, above chance, before it fell."
    ): (
        "- 没有任何归一化时，40 层的残差堆叠训练得并不完全平稳：它记录的损失在第 {step} 步"
        "升到了 {loss:.2f}，高于随机猜测，之后才降下来。"
    ),
    "quick mode, on a small subset": "快速模式，在一个小子集上",
    "full mode, all 60,000 training digits": "完整模式，全部 60,000 个训练数字",
    (
        "(training loss averaged over the last 100 steps / test accuracy; {mode}; "
        "SD is the standard deviation over the {seeds} seeds, not the standard error of the mean.)"
    ): (
        "（最后 100 步的平均训练损失 / 测试准确率；{mode}；SD 是 {seeds} 个随机种子上的标准差，"
        "不是均值的标准误。）"
    ),
    (
        "The deep plain stack stayed at chance in {stuck} of {seeds} seeds; the deep residual "
        "stack learned in {deep_learned} of {seeds}, and ended above the shallow plain stack in "
        "{ahead} of {seeds}. "
    ): (
        "深层普通堆叠在 {seeds} 个种子中有 {stuck} 个停在随机猜测的水平；深层残差堆叠在 {seeds} "
        "个种子中有 {deep_learned} 个学会了，有 {ahead} 个最终超过了浅层普通堆叠。"
    ),
    (
        "The shallow plain stack's accuracy varies far more from seed to seed than the deep "
        "residual stack's: when it leaves its plateau depends on the seed."
    ): "浅层普通堆叠的准确率随种子的波动远大于深层残差堆叠：它什么时候走出平台期，取决于种子。",
    (
        "With this few seeds, the spreads of the shallow plain and the deep residual stack "
        "cannot be told apart."
    ): "种子这么少，还分不清浅层普通堆叠和深层残差堆叠哪个波动更大。",
    (
        "{kind:>10}: {shape_in} -> {shape_out}, {params:,} parameters, of which the shortcut "
        "{shortcut:,}"
    ): "{kind:>10}：{shape_in} -> {shape_out}，{params:,} 个参数，其中捷径占 {shortcut:,} 个",
    "ResidualNet: {params:,} parameters": "ResidualNet：{params:,} 个参数",
    "of which in the two residual blocks: {params:,}": "其中两个残差块占：{params:,}",
    # notebooks/solutions/03_solutions.ipynb
    "one plain block passes back about {fraction:.2f} of its gradient": (
        "一个普通块大约传回它所收到梯度的 {fraction:.2f}"
    ),
    "estimate for 10 blocks: {fraction:.2f} ** 9 = {estimate:.1e}; measured: {measured:.1e}": (
        "10 个块的估计：{fraction:.2f} ** 9 = {estimate:.1e}；实测：{measured:.1e}"
    ),
    "closest power of ten: {prediction}": "最接近的 10 的幂：{prediction}",
    "blocks whose conv1 gradient is exactly zero: {conv1_zero}; conv2: {conv2_zero}": (
        "conv1 的梯度恰好为零的块数：{conv1_zero}；conv2：{conv2_zero}"
    ),
    "first block {first:.3g}, last block {last:.3g}, first ÷ last {ratio:.2f}": (
        "第一个块 {first:.3g}，最后一个块 {last:.3g}，第一个 ÷ 最后一个 {ratio:.2f}"
    ),
    "first ÷ last with PyTorch's default initialisation: {ratio:.2g}": (
        "PyTorch 默认初始化下的第一个 ÷ 最后一个：{ratio:.2g}"
    ),
    "first ÷ last with He et al.'s initialisation:       {ratio:.2g}": (
        "He 等人的初始化下的第一个 ÷ 最后一个：  {ratio:.2g}"
    ),
    (
        "plain stack, He et al.'s initialisation: training loss {loss:.2f} over the last 100 "
        "steps (chance {chance:.2f}), test accuracy {accuracy:.1%}: "
    ): (
        "普通堆叠，He 等人的初始化：最后 100 步的训练损失 {loss:.2f}（随机猜测 {chance:.2f}），"
        "测试准确率 {accuracy:.1%}："
    ),
    "it learned": "它学会了",
    "it did not learn": "它没有学会",
    "first float32 zero at depth {depth}; the float64 norm of its first block: {first:.2g}": (
        "float32 的范数第一次出现 0 的深度：{depth}；这时第一个块的 float64 范数：{first:.2g}"
    ),
    "smallest float32 above 0: {smallest:.2g}; its square root: {threshold:.2g}": (
        "float32 中大于 0 的最小数：{smallest:.2g}；它的平方根：{threshold:.2g}"
    ),
    (
        "first block of 40: naive float32 norm {naive:.3g}, norm32 {scaled:.3g} ({dtype}), "
        "float64 {exact:.3g}"
    ): (
        "40 个块中的第一个块：直接用 float32 算的范数 {naive:.3g}，norm32 {scaled:.3g}（{dtype}），"
        "float64 {exact:.3g}"
    ),
    (
        "training loss over the last 100 steps {loss:.2f} (chance {chance:.2f}); "
        "training accuracy {train:.1%}, test accuracy {test:.1%}"
    ): (
        "最后 100 步的训练损失 {loss:.2f}（随机猜测 {chance:.2f}）；训练准确率 {train:.1%}，"
        "测试准确率 {test:.1%}"
    ),
    "verdict: {verdict}": "结论：{verdict}",
    "output shapes: {shapes}": "输出形状：{shapes}",
    "pooled height without ceil_mode: {without_ceil}, with it: {with_ceil}": (
        "不用 ceil_mode 时池化后的高度：{without_ceil}，用它时：{with_ceil}"
    ),
    "adding a shortcut pooled without ceil_mode: {error}": (
        "把不用 ceil_mode 池化的捷径加上去：{error}"
    ),
    (
        "{depth:>2} blocks: training loss {loss:.2f} over the last 100 steps, "
        "test accuracy {accuracy:.1%}: "
    ): "{depth:>2} 个块：最后 100 步的训练损失 {loss:.2f}，测试准确率 {accuracy:.1%}：",
    "learned": "学会了",
    "did not learn": "没有学会",
    "first ÷ last falls below 1e-4 at depth {depth}": (
        "深度为 {depth} 时，第一个 ÷ 最后一个降到 1e-4 以下"
    ),
}

NOTEBOOKS: dict[str, str] = {**NB01, **NB02, **NB03}
