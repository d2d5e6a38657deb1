"""The Chinese catalogue: English text → 中文, one entry per text that ``advcnn.i18n.tr`` shows.

Terms follow the glossary (术语表) of README.zh-CN.md. The texts of the package are here; those
that a notebook's own code passes to ``tr`` (sentences it prints about its results) are in
``messages_zh_notebooks``. ``tests/test_i18n.py`` fails when a text passed to ``tr`` in the
package or in a notebook has no entry, when an entry is used nowhere, or when its ``{fields}``
differ.
"""

from __future__ import annotations

from advcnn.messages_zh_exercises import EXERCISES_EARLY
from advcnn.messages_zh_exercises_04_06 import EXERCISES_LATE
from advcnn.messages_zh_notebooks import NOTEBOOKS

__all__ = ["ZH"]

ZH: dict[str, str] = {
    # advcnn.course
    (
        "Quick mode ({env}=1): small subsets and short runs, for tests. Unset {env} for the full "
        "run."
    ): "快速模式（{env}=1）：只用小子集、短时间训练，供测试使用。取消设置 {env} 即为完整运行。",
    "Full mode: the whole run. Set {env}=1 for a quick check on a small subset.": (
        "完整模式：完整运行。设置 {env}=1 可在小子集上快速检查。"
    ),
    # advcnn.ablation: the rows of the ablation and its table
    "batch {batch}, lr × {scale:g}": "批大小 {batch}，学习率 × {scale:g}",
    "clip gradient norm at {norm:g}": "梯度范数裁剪到 {norm:g}",
    "one-cycle schedule, peak lr {lr:g}": "单周期调度，峰值学习率 {lr:g}",
    "Nesterov momentum {momentum:g}": "Nesterov 动量 {momentum:g}",
    "label smoothing {smoothing:g}": "标签平滑 {smoothing:g}",
    "weight decay {decay:g}": "权重衰减 {decay:g}",
    "start": "起点",
    "+ {label}": "+ {label}",
    "recipe | seeds | test accuracy (mean ± std) | change | diverged | training s per run": (
        "训练方案 | 种子数 | 测试准确率（均值 ± 标准差） | 变化 | 发散次数 | 每次训练的秒数"
    ),
    "{change:+.2f} points": "{change:+.2f} 个百分点",
    # advcnn.data: which MNIST load_mnist found
    "bundled sample": "随包附带的样本",
    "full set from {root}": "来自 {root} 的完整数据集",
    "MNIST: {what} ({train:,} train / {test:,} test)": (
        "MNIST：{what}（训练 {train:,} 张 / 测试 {test:,} 张）"
    ),
    ", a random subset (seed {seed}) of {train:,} / {test:,}": (
        "，从中随机取出的子集（种子 {seed}），{train:,} / {test:,} 张"
    ),
    (
        "MNIST: full set not found in {folder}{tried}; using the bundled sample. For the "
        "full set, put the four MNIST files in {folder} (or set ADVCNN_DATA to their "
        "folder) or call load_mnist(download=True) online."
    ): (
        "MNIST：在 {folder} 中没有找到完整数据集{tried}；改用随包附带的样本。要用完整数据集，"
        "请把四个 MNIST 文件放进 {folder}（或者把 ADVCNN_DATA 设为它们所在的文件夹），"
        "或者在联网时调用 load_mnist(download=True)。"
    ),
    " and could not be downloaded": "，也无法下载",
    # advcnn.plots.results: where the lecture's accuracies come from
    "lecture: {source}": "课上：{source}",
    "the slides of the lecture video (lecture 11), one run of 10 epochs each": (
        "课程视频（第 11 讲）的幻灯片，每个网络训练一次、每次 10 轮"
    ),
    # advcnn.progress: the progress bar of fit, and the message when training diverges
    "epoch {number}/{epochs}": "第 {number}/{epochs} 轮",
    "acc": "训练准确率",
    "loss": "损失",
    "test": "测试准确率",
    (
        "Training diverged: the loss became {value} by step {step} (epoch {epoch}) at learning "
        "rate {lr:.3g}. Lower the learning rate (lr={peak:g}, try lr={lower:g}){clip}, and start "
        "again from fresh weights: these are lost."
    ): (
        "训练发散了：到第 {step} 步（第 {epoch} 轮），学习率为 {lr:.3g} 时，损失变成了 {value}。"
        "请降低学习率（lr={peak:g}，可以试试 lr={lower:g}）{clip}，并从新初始化的权重重新开始："
        "现在这些权重已经不能用了。"
    ),
    " or set clip_grad_norm=1.0": "，或者设置 clip_grad_norm=1.0",
    # advcnn.plots.fonts
    (
        "No font with Chinese glyphs was found, so plots keep their English labels. Install one "
        "(Debian/Ubuntu/Colab: apt-get install fonts-noto-cjk; conda: conda install -c conda-forge "
        "font-ttf-noto-cjk), then restart the kernel."
    ): (
        "没有找到含中文字形的字体，所以图中的标签保持英文。请安装一种（Debian/Ubuntu/Colab："
        "apt-get install fonts-noto-cjk；conda：conda install -c conda-forge font-ttf-noto-cjk），"
        "然后重启内核。"
    ),
    # advcnn.plots.costs
    "multiply-accumulates (MACs)": "乘加次数（MACs）",
    "{k} direct": "{k} 直接卷积",
    "1×1 reduce": "1×1 降维",
    "{k} expand": "{k} 升维",
    "direct\n{in_channels}→{out_channels}": "直接卷积\n{in_channels}→{out_channels}",
    "bottleneck\n{channels}": "瓶颈\n{channels}",
    "{what}: bottleneck ÷ direct = {ratio:.3f}": "{what}：瓶颈 ÷ 直接 = {ratio:.3f}",
    "parameters": "参数",
    # advcnn.plots.densenet
    "channels after the layer": "该层之后的通道数",
    "channels read (bars)": "读入的通道数（柱）",
    "Concatenation: each layer reads all before it": "拼接：每一层都读入它之前的全部输出",
    "MACs per image (millions)": "每张图像的 MACs（百万）",
    "Cost per layer (blue: dense layer, orange: transition)": (
        "每层的计算量（蓝：稠密层，橙：过渡层）"
    ),
    # advcnn.plots.gradients
    "plain": "普通网络",
    "residual": "残差网络",
    "block (1 = next to the input)": "块（1 = 紧挨输入的块）",
    "‖gradient of the block's weights‖": "‖该块权重的梯度‖",
    (
        "Gradients at initialisation: {depth} blocks ({convolutions} convolutions) of {channels} "
        "channels"
    ): "初始化时的梯度：{depth} 个块（{convolutions} 个卷积层），每层 {channels} 个通道",
    "blocks multiplied, l": "相乘的块数 l",
    "largest singular value of J_l ··· J_1": "J_l ··· J_1 的最大奇异值",
    "The chain rule through a stack: a product of Jacobians": (
        "链式法则穿过整个堆叠：雅可比矩阵的连乘"
    ),
    "chance: ln 10": "随机猜测：ln 10",
    "training step": "训练步数",
    "training loss (cross-entropy)": "训练损失（交叉熵）",
    "3×3 conv": "3×3 卷积",
    "3×3 conv\nstride 2": "3×3 卷积\n步幅 2",
    "plain block": "普通块",
    "identity:\nx itself": "恒等映射：\nx 本身",
    "1×1 conv\nstride 2": "1×1 卷积\n步幅 2",
    "avg-pool 2×2,\nthen zero\nchannels": "2×2 平均池化，\n再补上\n全零通道",
    "residual block": "残差块",
    "shortcut: projection": "捷径连接：投影",
    "shortcut: pad": "捷径连接：补零",
    # advcnn.plots.inception
    "input\n{channels}×{hw}": "输入\n{channels}×{hw}",
    "{kernel} conv, {channels}": "{kernel} 卷积，{channels} 通道",
    "{kernel} conv, {channels}\npadding {padding}": (
        "{kernel} 卷积，{channels} 通道\n填充 {padding}"
    ),
    "3×3 avg pool\nstride 1, pad 1": "3×3 平均池化\n步幅 1，填充 1",
    "torch.cat(dim=1): {sum}\noutput {total}×{hw}": "torch.cat(dim=1)：{sum}\n输出 {total}×{hw}",
    "InceptionA: four branches, one concatenation": "InceptionA：四个分支，一次拼接",
    "padding {padding}: {size}→{out} (same size)": "填充 {padding}：{size}→{out}（尺寸不变）",
    "padding {padding}: {size}→{out}": "填充 {padding}：{size}→{out}",
    (
        "{kernel}×{kernel} kernel on a {size}×{size} image: the window in its first position "
        "(outlined), every position of its centre (coloured)"
    ): (
        "{size}×{size} 图像上的 {kernel}×{kernel} 卷积核：描边的是窗口的第一个位置，"
        "着色的是窗口中心到过的每个位置"
    ),
    "pool": "池化",
    "channel index of the concatenated output ({channels} channels)": (
        "拼接后输出的通道序号（共 {channels} 个通道）"
    ),
    "torch.cat(dim=1) stacks the branches: {widths}": (
        "torch.cat(dim=1) 把各分支沿通道叠在一起：{widths}"
    ),
    "MACs per image: {total:,} in all": "每张图像的 MACs：共 {total:,}",
    "parameters: {total:,} in all": "参数：共 {total:,}",
    # advcnn.plots.live and advcnn.plots.training
    "waiting for the first step": "等待第一步训练",
    "{name}: epoch {epoch}/{epochs}, loss {loss:.3f}": (
        "{name}：第 {epoch}/{epochs} 轮，损失 {loss:.3f}"
    ),
    "{name}: epoch {epoch}/{epochs}, test accuracy {accuracy:.2%}": (
        "{name}：第 {epoch}/{epochs} 轮，测试准确率 {accuracy:.2%}"
    ),
    "epoch": "轮次",
    "training loss": "训练损失",
    "Training loss": "训练损失",
    "test accuracy (%)": "测试准确率（%）",
    "Test accuracy after each epoch": "每轮之后的测试准确率",
    "lecture (10 epochs)": "课程结果（10 轮）",
    "accuracy (%)": "准确率（%）",
    "Accuracy after each epoch": "每轮之后的准确率",
    "training set": "训练集",
    "training seconds ({devices})": "训练时间（s，{devices}）",
    "Test accuracy against time": "测试准确率随训练时间的变化",
    # advcnn.plots.pointwise
    "input: {channels} channels": "输入：{channels} 个通道",
    "output: {channels} channels": "输出：{channels} 个通道",
    "pixel (i, j) = {pixel}; every pixel gets the same W and b": (
        "像素 (i, j) = {pixel}；每个像素用的都是同一组 W 和 b"
    ),
    # advcnn.plots.residual_units: the units of He et al.'s Identity Mappings paper, Fig. 4
    "lecture's blocks": "课程中的残差块",
    "plain (BN)": "普通网络（BN）",
    "(a) original": "(a) 原始结构",
    "(b) BN after addition": "(b) 相加之后做 BN",
    "(c) ReLU before addition": "(c) 相加之前做 ReLU",
    "(d) ReLU-only pre-activation": "(d) 仅 ReLU 预激活",
    "(e) full pre-activation": "(e) 全预激活",
    "input of block (1 = first; {last} = output of the last)": (
        "块的输入（1 = 第一个块；{last} = 最后一个块的输出）"
    ),
    "Gradient reaching each block at initialisation, {depth} blocks with BN": (
        "初始化时到达每个块的梯度，{depth} 个带 BN 的块"
    ),
    # advcnn.plots.results
    "true label → predicted label": "真实标签 → 预测标签",
    "model": "模型",
    "params": "参数",
    "MACs / image": "MACs / 图像",
    "test acc.": "测试准确率",
    "lecture": "课程",
    "train s": "训练时间（s）",
    "images/s": "图像/s",
    "test accuracy (%);  | lecture": "测试准确率（%）；| 为课程结果",
    "training images / second ({device})": "每秒训练图像数（{device}）",
    # advcnn.plots.seeds
    "{errors:.1f} standard errors of the difference": "差值标准误的 {errors:.1f} 倍",
    "no spread measured": "没有测到波动",
    (
        "{better} is ahead of {worse} by {points:.2f} percentage points ({size}), and was ahead in "
        "{ahead} of {paired} seeds"
    ): (
        "{better} 比 {worse} 高 {points:.2f} 个百分点（{size}），在 {paired} 个种子中有 {ahead} "
        "个领先"
    ),
    (
        "{comparison}; every run of {better} beat every run of {worse}: these seeds tell them "
        "apart (for two equally good networks, runs this cleanly split would still turn up with "
        "probability {chance:.2g})."
    ): (
        "{comparison}；{better} 的每次运行都胜过 {worse} 的每次运行："
        "这些种子能把两者区分开（假如两个网络同样好，运行结果分得这么干净的概率仍有 {chance:.2g}）"
        "。"
    ),
    "{comparison}; their runs overlap: these seeds cannot rank them.": (
        "{comparison}；两者的运行结果有重叠：这些种子排不出它们的高下。"
    ),
    "{comparison}; the gap is under two standard errors: these seeds cannot rank them.": (
        "{comparison}；差距不到两个标准误：这些种子排不出它们的高下。"
    ),
    "runs": "运行次数",
    "mean": "均值",
    "std (one run)": "标准差（单次运行）",
    "std. error of mean": "均值的标准误",
    "lowest": "最低",
    "highest": "最高",
    "mean ± standard deviation": "均值 ± 标准差",
    "lecture (one run, 10 epochs)": "课程结果（一次运行，10 轮）",
    "Accuracy over seeds": "不同种子下的准确率",
    # advcnn.plots.speed
    "optimisation step": "优化步数",
    "learning rate": "学习率",
    "  ({count} diverged)": "（{count} 个种子发散）",
    "test accuracy (%): seeds as dots, mean as a bar": (
        "测试准确率（%）：点为各个种子，短竖线为均值"
    ),
    "training s per run": "每次运行的训练时间（s）",
    "images / s": "图像 / s",
    # advcnn.widgets._base
    "lecture's values": "恢复课程取值",
    "This update failed.": "这次更新失败了。",
    " (in {function}, {file}:{line})": "（位于 {function}，{file}:{line}）",
    # advcnn.widgets.bottleneck
    "in channels": "输入通道数",
    "bottleneck channels": "瓶颈通道数",
    "out channels": "输出通道数",
    "kernel size": "卷积核大小",
    "image size": "图像大小",
    "The bottleneck path needs {factor:.1f}× fewer MACs than the direct path.": (
        "瓶颈路径所需的 MACs 只有直接路径的 1/{factor:.1f}。"
    ),
    "The bottleneck path needs {factor:.1f}× more MACs than the direct path: no saving.": (
        "瓶颈路径所需的 MACs 是直接路径的 {factor:.1f} 倍：没有节省。"
    ),
    "The bottleneck path needs as many MACs as the direct path.": (
        "瓶颈路径所需的 MACs 与直接路径一样多。"
    ),
    "path": "路径",
    "MACs per image": "每张图像的 MACs",
    (
        "MAC ratio = C_b/(k²·C_out) + C_b/C_in = {bottleneck}/{k_squared_out} + "
        "{bottleneck}/{in_channels} = {reduce:.3f} (reduce) + {expand:.3f} (expand)"
    ): (
        "MAC 比值 = C_b/(k²·C_out) + C_b/C_in = {bottleneck}/{k_squared_out} + "
        "{bottleneck}/{in_channels} = {reduce:.3f}（降维）+ {expand:.3f}（升维）"
    ),
    "on a {size}×{size} image, “same” padding:": "在 {size}×{size} 的图像上，使用“same”填充：",
    "direct: {k} conv {in_channels}→{out_channels}": "直接：{k} 卷积 {in_channels}→{out_channels}",
    "1×1 reduce {in_channels}→{bottleneck_channels}": (
        "1×1 降维 {in_channels}→{bottleneck_channels}"
    ),
    "{k} expand {bottleneck_channels}→{out_channels}": (
        "{k} 升维 {bottleneck_channels}→{out_channels}"
    ),
    "bottleneck: reduce + expand": "瓶颈：降维 + 升维",
    "bottleneck ÷ direct": "瓶颈 ÷ 直接",
    # advcnn.widgets.densenet
    "growth rate": "增长率",
    "layers per block": "每块层数",
    "compression %": "压缩率 %",
    "bottleneck (B)": "瓶颈层 (B)",
    (
        "conv0 gives k0 = {init_channels} channels; block 1 ends with {block1_out}, transition 1 "
        "keeps {transition1_out}, block 2 ends with {block2_out}."
    ): (
        "conv0 输出 k0 = {init_channels} 个通道；稠密块 1 结束时有 {block1_out} 个通道，过渡层 1 "
        "保留 {transition1_out} 个，稠密块 2 结束时有 {block2_out} 个。"
    ),
    (
        "{params} parameters, {macs} MACs per image, {activation_mb} MB of activations kept for "
        "the backward pass of a batch of {batch}."
    ): (
        "{params} 个参数，每张图像 {macs} 次乘加（MACs）；一批 {batch} 张图像做反向传播时要保存 "
        "{activation_mb} MB 的激活值。"
    ),
    "layer": "层",
    "reads": "读入",
    "adds / writes": "新增 / 写出",
    "channels after": "之后的通道数",
    # advcnn.widgets.depth
    "depth": "深度",
    "channels": "通道数",
    "variant": "变体",
    "‖grad‖ first block": "第一个块的 ‖grad‖",
    "‖grad‖ last block": "最后一个块的 ‖grad‖",
    "first ÷ last": "第一个 ÷ 最后一个",
    (
        "{conv_layers} convolution layers (stem + 2 per block), {params} parameters in each "
        "network (the shortcut adds none)"
    ): (
        "{conv_layers} 个卷积层（起始卷积 1 个 + 每块 2 个），每个网络 {params} "
        "个参数（捷径连接不增加参数）"
    ),
    (
        "{conv_layers} convolution layers (stem + 2 per block), {params} parameters with this unit "
        "(batch norm after every convolution)"
    ): (
        "{conv_layers} 个卷积层（起始卷积 1 个 + 每块 2 个），用这种单元共 {params} "
        "个参数（每个卷积之后都有批归一化）"
    ),
    # advcnn.widgets.inception
    "1x1 branch": "1x1 分支",
    "5x5 reduce": "5x5 降维",
    "5x5 branch": "5x5 分支",
    "3x3 reduce": "3x3 降维",
    "3x3 branch": "3x3 分支",
    "pool proj": "池化投影",
    "conv1 width": "conv1 宽度",
    "conv2 width": "conv2 宽度",
    "each Inception module": "每个 Inception 模块",
    "the convolutions between them": "模块之间的卷积层",
    "concatenated width {widths} = {concat_channels} channels": (
        "拼接后的宽度 {widths} = {concat_channels} 个通道"
    ),
    "last feature map {feature_size}×{size}": "最后的特征图 {feature_size}×{size}",
    "fc input {concat}·{size}·{size} = {flat_features}": (
        "fc 的输入 {concat}·{size}·{size} = {flat_features}"
    ),
    "parameters {params} (conv2 {conv2_params}, fc {fc_params})": (
        "参数 {params}（conv2 {conv2_params}，fc {fc_params}）"
    ),
    "MACs per image {macs}": "每张图像的 MACs {macs}",
    "input": "输入",
    "type": "类型",
    "output C×H×W": "输出 C×H×W",
}

ZH.update(NOTEBOOKS)
ZH.update(EXERCISES_EARLY)
ZH.update(EXERCISES_LATE)
