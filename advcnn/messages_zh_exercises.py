"""The Chinese catalogue of the exercise checks (``advcnn.exercises``): the verdicts, the shared
messages of ``_core`` and ``_modules``, every exercise's title, and the feedback of notebooks
01–03. Merged into ``advcnn.messages_zh.ZH``.

The option strings a learner types (``'both'``, ``'wide output'``) stay English in the Chinese
messages too: they are the answers ``check`` accepts.
"""

from __future__ import annotations

__all__ = ["EXERCISES_EARLY"]

EXERCISES_EARLY: dict[str, str] = {
    # advcnn.exercises._core: verdicts and the heading of a Feedback
    "Right": "正确",
    "Not yet right": "还不对",
    "Not answered yet": "尚未作答",
    "{exercise_id} {title}: {verdict}.": "{exercise_id}「{title}」：{verdict}。",
    # advcnn.exercises._core: check and its helpers
    (
        "Replace the `...` (or the `raise NotImplementedError`) with your answer, then run the "
        "cell again."
    ): "把 `...`（或 `raise NotImplementedError`）换成你的答案，然后重新运行这个单元格。",
    "no exercise {exercise_id!r}: ids look like '01.3' (notebook 01, exercise 3).": (
        "没有练习 {exercise_id!r}：练习编号的格式是 '01.3'（笔记本 01 的练习 3）。"
    ),
    " Did you mean {ids}?": "你是不是想输入 {ids}？",
    "checking this answer raised {error_type}": "检查这个答案时出现了 {error_type}",
    "checking this answer raised {error_type}: {error}": (
        "检查这个答案时出现了 {error_type}：{error}"
    ),
    "your function": "你的函数",
    "expected {what} (something to call), got {got}": (
        "这里需要{what}（一个可以调用的对象），你给的是 {got}"
    ),
    "{what} raised {error_type}: {error}": "{what}出错，抛出了 {error_type}：{error}",
    "expected {what}, got {got}": "这里需要{what}，你给的是 {got}",
    "a dict": "一个 dict",
    "expected {what} with the keys {keys}, got {got}": (
        "这里需要{what}，键为 {keys}；你给的是 {got}"
    ),
    "missing {missing}; not asked for {extra}": "缺少 {missing}；多了题目没有要求的 {extra}",
    "missing {missing}": "缺少 {missing}",
    "not asked for {extra}": "多了题目没有要求的 {extra}",
    "the answer's keys should be {keys}: {problems}": "答案的键应为 {keys}：{problems}",
    "Replace the `...` of {names} with your answer too.": "把 {names} 的 `...` 也换成你的答案。",
    "a number ({what})": "一个数（{what}）",
    "{number:,g} is not {what}.": "{number:,g} 不是{what}。",
    "{number:,g} is not {what}. {hint}": "{number:,g} 不是{what}。{hint}",
    "one of": "应为以下选项之一",
    "expected {what} {options}, got {got}": "{what}：{options}；你给的是 {got}",
    # advcnn.exercises._modules: a module the learner wrote, against the package's
    "your class": "你的类",
    "expected {what}: an nn.Module subclass, got {got}": (
        "这里需要{what}：一个 nn.Module 的子类，你给的是 {got}"
    ),
    "building {name}": "构建 {name}",
    "{name} should subclass nn.Module": "{name} 应当继承 nn.Module",
    "output channels": "输出通道数",
    "input channels": "输入通道数",
    "kernel height": "卷积核的高",
    "kernel width": "卷积核的宽",
    "output features": "输出特征数",
    "input features": "输入特征数",
    " and ": "、",
    "; ": "；",
    "{key} has shape {shape}, and its shape differs from the reference's.": (
        "{key} 的形状是 {shape}，和参考实现的形状不同。"
    ),
    "{key} has shape {shape}, and its {dimensions} differ from the reference's.": (
        "{key} 的形状是 {shape}，它的{dimensions}和参考实现不同。"
    ),
    "missing layer(s): {layers}": "缺少层：{layers}",
    "a layer the reference does not have: {layer} (a typo of {close}?)": (
        "参考实现里没有的层：{layer}（是不是 {close} 的笔误？）"
    ),
    "a layer the reference does not have: {layer}": "参考实现里没有的层：{layer}",
    "{problems}. Layer names must match the lecture's exactly.": (
        "{problems}。层的名字必须和课上的完全一致。"
    ),
    "check forward: the order of the layers and of the concatenation": (
        "检查 forward：各层的顺序，以及拼接的顺序"
    ),
    "{name}'s forward": "{name} 的 forward",
    "forward should return a tensor, got {got}": "forward 应当返回一个张量，它返回的是 {got}",
    (
        "the weights load, but forward returns shape {shape}, not the reference's shape: {hint}."
    ): "权重可以加载，但 forward 返回的形状是 {shape}，不是参考实现的形状：{hint}。",
    "the weights load and the shapes agree, but the outputs differ: {hint}.": (
        "权重可以加载，形状也一致，但输出不同：{hint}。"
    ),
    (
        "all {tensors} tensors ({numbers:,} numbers) load with strict=True, and the outputs "
        "agree with the package's module."
    ): "全部 {tensors} 个张量（{numbers:,} 个数）都能用 strict=True 加载，输出也和包里的模块一致。",
    # the exercises' titles (registered with @exercise in English, translated where shown)
    "Predict: a bottleneck as wide as its input": "先预测：和输入一样宽的瓶颈",
    "Break-even width": "临界宽度",
    "Never wider than the input": "绝不比输入更宽",
    "Parameters follow MACs": "参数跟着 MAC 走",
    "Two 1×1 convolutions for one": "用两个 1×1 卷积替换一个",
    "A 5×5 or two 3×3s?": "一个 5×5，还是两个 3×3？",
    "ResNet's bottleneck block": "ResNet 的瓶颈块",
    "Time is not MACs": "时间不等于 MAC",
    "Write the lecture's InceptionA": "写出课上的 InceptionA",
    "Predict fc's input": "先预测：fc 的输入",
    "A bigger image": "更大的图像",
    "A 7×7 branch": "7×7 分支",
    "Off by one the other way": "反方向差一个像素",
    "Concatenate or add?": "拼接还是相加？",
    "Strict loading catches typos": "严格加载能发现拼写错误",
    "Stride in one branch": "某个分支里的步幅",
    "Cheaper, same width": "更便宜，宽度不变",
    "Padding in the average": "平均值里的填充",
    "Put the ReLUs back": "把 ReLU 加回来",
    "The plain stack at half the depth": "深度减半的普通堆叠",
    "Write the lecture's ResidualBlock": "写出课上的 ResidualBlock",
    "Write the lecture's Net": "写出课上的 Net",
    "Zero-initialise the branch": "把分支初始化为零",
    "Rescue the plain stack with its initialisation": "用初始化拯救普通堆叠",
    "Where float32's norm gives up": "float32 的范数在哪里失效",
    "Is the plain stack overfitting?": "普通堆叠过拟合了吗？",
    "Odd sizes": "奇数尺寸",
    "How deep is too deep?": "多深算太深？",
    "The lecture's full run": "课上的完整训练",
    "More than one epoch, step for step": "不止一轮，也要一步一步地对上",
    "Same mistakes?": "错误相同吗？",
    "How many seeds?": "需要多少个种子？",
    "A harder task: shifted digits": "更难的任务：移动过的数字",
    "Faster: seconds to an accuracy": "更快：达到某个准确率要几秒",
    "Predict: the gradient ratio over depth": "先预测：梯度比值随深度的变化",
    "Predict: channels after block 2": "先预测：第 2 个块之后的通道数",
    "Degradation with more budget": "预算更多时的退化",
    "Where the top gradient goes in unit (a)": "单元 (a) 里顶端的梯度去了哪里",
    "A unit of your own": "你自己的单元",
    "What the DenseNet bottleneck costs": "DenseNet 瓶颈的代价",
    "Compression and memory": "压缩与内存",
    "Leave one out": "每次去掉一项",
    "The Inception net without the clip": "不做梯度裁剪的 Inception 网络",
    "The floor in practice": "实际训练中的损失下限",
    "Larger batches": "更大的批",
    "One thread": "单线程",
    # advcnn.exercises.nb01_bottleneck: 01.p1 and 01.1 to 01.4
    "for C_in={c_in}, C_out={c_out}, k={k} you gave {got:g}": (
        "C_in={c_in}、C_out={c_out}、k={k} 时，你给的是 {got:g}"
    ),
    "the MAC ratio the explorer will show": "探索器将会显示的 MAC 比值",
    "that is the expansion's share alone (C_b/C_in = 1): the 1×1 reduction costs MACs too.": (
        "这只是升维那一份（C_b/C_in = 1）：1×1 降维同样要花 MAC。"
    ),
    (
        "that is the 1×1 reduction's share alone: the k×k expansion now reads all C_in channels, "
        "as the direct path does."
    ): "这只是 1×1 降维那一份：现在 k×k 升维要读入全部 C_in 个通道，和直接路径一样。",
    "that is the lecture's ratio, with C_b = {lecture}; the question sets C_b to {c_in}.": (
        "这是课上的比值，那里 C_b = {lecture}；这道题把 C_b 设成了 {c_in}。"
    ),
    "the 1×1 reduction's share is C_b/(k²·C_out): k², not k.": (
        "1×1 降维那一份是 C_b/(k²·C_out)：是 k²，不是 k。"
    ),
    "Add the closed form's two shares, C_b/(k²·C_out) + C_b/C_in, with C_b = {c_in}.": (
        "把闭式表达的两份加起来：C_b/(k²·C_out) + C_b/C_in，其中 C_b = {c_in}。"
    ),
    (
        "a bottleneck as wide as its input costs the whole direct convolution (C_b/C_in = 1) plus "
        "its 1×1 reduction: more than the direct path, as the explorer shows."
    ): (
        "和输入一样宽的瓶颈，要花掉整个直接卷积的开销（C_b/C_in = 1），再加上它的 1×1 降维：比直接"
        "路径还贵，探索器显示的也是这样。"
    ),
    "a width for C_in={c_in}, C_out={c_out}, k={k}": (
        "一个宽度（C_in={c_in}、C_out={c_out}、k={k}）"
    ),
    "{where}: that is the bound itself; a width is a whole number below it.": (
        "{where}：这是那个界本身；宽度是比它小的整数。"
    ),
    "{where}: at that width the bottleneck costs at least as much (ratio ≥ 1).": (
        "{where}：在这个宽度下，瓶颈的开销至少和直接卷积一样多（比值 ≥ 1）。"
    ),
    "{where}: one channel more still saves MACs (an off-by-one?).": (
        "{where}：再多一个通道也仍然节省 MAC（是不是犯了差一错误？）。"
    ),
    "{where}: C_in and C_out look swapped in your formula.": (
        "{where}：你的公式里 C_in 和 C_out 好像弄反了。"
    ),
    "{where}: the k×k convolution's cost grows with k², not k.": (
        "{where}：k×k 卷积的开销随 k² 增长，而不是随 k。"
    ),
    (
        "{where}, which is not the largest saving width. Solve C_b/(k²·C_out) + C_b/C_in < 1 for "
        "C_b."
    ): "{where}，这不是仍能节省 MAC 的最大宽度。从 C_b/(k²·C_out) + C_b/C_in < 1 解出 C_b。",
    (
        "right for all {cases} shapes tried, the lecture's example (192, 32, 5) included: C_b ≤ "
        "{lecture} still saves MACs."
    ): (
        "试过的 {cases} 种形状全都对了，包括课上的例子 (192, 32, 5)：C_b ≤ {lecture} 时仍能节省 MAC"
        "。"
    ),
    (
        "with C_in much larger than k²·C_out the 1×1 reduction's share C_b/(k²·C_out) is the "
        "larger one, and the break-even width falls far below C_in."
    ): (
        "当 C_in 远大于 k²·C_out 时，1×1 降维那一份 C_b/(k²·C_out) 是较大的那一份，临界宽度会远低于"
        " C_in。"
    ),
    "H·W cancels from the ratio: the image size never moves the break-even width.": (
        "H·W 在比值里约掉了：图像大小从不改变临界宽度。"
    ),
    (
        "with k = 1 the reduction's share C_b/(k²·C_out) is as large as it gets, which pulls the "
        "break-even width further below C_in."
    ): "k = 1 时，降维那一份 C_b/(k²·C_out) 达到最大，这会把临界宽度拉得离 C_in 更远。",
    "a number from ratio({c_in}, {c_out}, {k})": "ratio({c_in}, {c_out}, {k}) 返回的一个数",
    "the MAC ratio at C_b = C_in for C_in={c_in}, C_out={c_out}, k={k}": (
        "C_b = C_in 时的 MAC 比值（C_in={c_in}、C_out={c_out}、k={k}）"
    ),
    "{where}: that is the expansion's share alone; the 1×1 reduction costs MACs too.": (
        "{where}：这只是升维那一份；1×1 降维同样要花 MAC。"
    ),
    "{where}: that is the reduction's share alone; add the expansion's, C_b/C_in.": (
        "{where}：这只是降维那一份；还要加上升维那一份 C_b/C_in。"
    ),
    "{where}: C_in and C_out look swapped in the reduction's share.": (
        "{where}：降维那一份里的 C_in 和 C_out 好像弄反了。"
    ),
    "{where}: the reduction's share is C_b/(k²·C_out), with k², not k.": (
        "{where}：降维那一份是 C_b/(k²·C_out)，是 k²，不是 k。"
    ),
    "Put C_b = C_in into C_b/(k²·C_out) + C_b/C_in.": (
        "把 C_b = C_in 代入 C_b/(k²·C_out) + C_b/C_in。"
    ),
    "close_when: one of": "close_when 应为以下选项之一",
    (
        "right for all {cases} shapes tried: at C_b = C_in the ratio is 1 + C_in/(k²·C_out), "
        "always above 1, and a wider C_b only adds. The break-even width C_in/(1 + "
        "C_in/(k²·C_out)) approaches C_in when k²·C_out is much larger than C_in."
    ): (
        "试过的 {cases} 种形状全都对了：C_b = C_in 时比值是 1 + C_in/(k²·C_out)，总是大于 1，C_b 再"
        "宽只会更多。当 k²·C_out 远大于 C_in 时，临界宽度 C_in/(1 + C_in/(k²·C_out)) 趋近于 C_in。"
    ),
    (
        "every MAC count, direct and bottleneck alike, grows with H_out·W_out, so the image size "
        "cancels from mac_ratio (section 2 tried 7, 28 and 112)."
    ): (
        "每个 MAC 数，不论直接卷积还是瓶颈，都随 H_out·W_out 增长，所以图像大小在 mac_ratio 里约掉"
        "了（第 2 节试过 7、28 和 112）。"
    ),
    "parameters do not depend on the image at all: a kernel is the same at any image size.": (
        "参数根本不依赖于图像：无论图像多大，卷积核都一样。"
    ),
    (
        "neither parameters nor the MAC ratio depend on the image size: H_out·W_out multiplies "
        "every MAC count and cancels from the ratio."
    ): "参数和 MAC 比值都不依赖于图像大小：H_out·W_out 乘在每个 MAC 数上，在比值里约掉了。",
    "move the image size slider and watch the two ratios in the explorer's table.": (
        "拖动图像大小的滑块，看看探索器表格里的两个比值。"
    ),
    (
        "expected 'setting' to be a dict of slider values such as {{'in_channels': ..., "
        "'kernel_size': ...}}, got {got}"
    ): (
        "'setting' 应当是一个由滑块取值组成的 dict，例如 {{'in_channels': ..., 'kernel_size': ...}}"
        "，你给的是 {got}"
    ),
    "'setting' has keys the explorer has no slider for: {unknown}; use {sliders}": (
        "'setting' 里有探索器没有对应滑块的键：{unknown}；请用 {sliders}"
    ),
    "a whole number for {key!r}": "一个整数（{key!r}）",
    "the explorer's {key} slider offers odd sizes {start} to {end}, not {value}.": (
        "探索器的 {key} 滑块只提供 {start} 到 {end} 之间的奇数，没有 {value}。"
    ),
    "the explorer's {key} slider offers {start} to {end}, not {value}.": (
        "探索器的 {key} 滑块只提供 {start} 到 {end}，没有 {value}。"
    ),
    "moves: one of": "moves 应为以下选项之一",
    (
        "the image size moves neither ratio, so this setting has the lecture's gap: change the "
        "channels or the kernel."
    ): "图像大小不会改变任何一个比值，所以这个设置的差距和课上的一样：去改通道数或卷积核。",
    (
        "with this setting the two ratios differ by less than 0.01. The gap is the biases: one per "
        "output channel, next to C_in·k² weights. Make C_in·k² small."
    ): (
        "在这个设置下，两个比值相差不到 0.01。差距来自偏置：每个输出通道一个偏置，而权重有 C_in·k² "
        "个。把 C_in·k² 调小。"
    ),
    (
        "neither ratio depends on the image size, and with your setting the biases make "
        "param_ratio and mac_ratio differ by {gap:.3f}: with few weights per output channel, one "
        "bias each is no longer a rounding error."
    ): (
        "两个比值都不依赖于图像大小；在你的设置下，偏置让 param_ratio 和 mac_ratio 相差 {gap:.3f}："
        "每个输出通道的权重很少时，各自那一个偏置就不再是可以忽略的零头了。"
    ),
    (
        "your saves({c_in}, {c_b}, {c_out}) returned {kind} {said!r}: it should return True or "
        "False (a comparison), not a ratio or a count."
    ): (
        "你的 saves({c_in}, {c_b}, {c_out}) 返回了 {kind} {said!r}：它应当返回 True 或 False（一次"
        "比较的结果），而不是比值或计数。"
    ),
    (
        "for {shape} your saves says {said}: here the two 1×1s cost exactly as many MACs as one. "
        "Saving means strictly fewer (<, not ≤)."
    ): (
        "对 {shape}，你的 saves 返回 {said}：这里两个 1×1 卷积的 MAC 恰好和一个一样多。节省意味着严"
        "格更少（是 <，不是 ≤）。"
    ),
    (
        "for {shape} your saves says True: narrower than both sides is not enough. Both matrices "
        "cost: C_b·C_in + C_out·C_b against C_out·C_in."
    ): (
        "对 {shape}，你的 saves 返回 True：比两边都窄还不够。两个矩阵都有开销：C_b·C_in + C_out·C_b"
        "，对比 C_out·C_in。"
    ),
    (
        "for {shape} your saves says {said}. Compare C_b·C_in + C_out·C_b with C_out·C_in (the "
        "MACs per pixel) or use the closed form with k = 1."
    ): (
        "对 {shape}，你的 saves 返回 {said}。比较 C_b·C_in + C_out·C_b 和 C_out·C_in（每个像素的 "
        "MAC），或者用 k = 1 时的闭式表达。"
    ),
    "a rank from max_rank({c_in}, {c_b}, {c_out})": "max_rank({c_in}, {c_b}, {c_out}) 返回的一个秩",
    (
        "for {shape} max_rank gives {rank:g}, the rank of the single C_out × C_in matrix: the "
        "product passes through only C_b channels (section 1)."
    ): (
        "对 {shape}，max_rank 给出 {rank:g}，这是单个 C_out × C_in 矩阵的秩：乘积只经过 C_b 个通道"
        "（第 1 节）。"
    ),
    (
        "for {shape} max_rank gives {rank:g}: a C_out × C_in matrix cannot have a rank above "
        "min(C_in, C_out), however wide the middle."
    ): (
        "对 {shape}，max_rank 给出 {rank:g}：不管中间多宽，C_out × C_in 矩阵的秩都不会超过 "
        "min(C_in, C_out)。"
    ),
    (
        "for {shape} max_rank gives {rank:g}, which is not the largest rank of a C_out × C_b "
        "matrix times a C_b × C_in one."
    ): (
        "对 {shape}，max_rank 给出 {rank:g}，这不是 C_out × C_b 矩阵乘以 C_b × C_in 矩阵所能达到的"
        "最大秩。"
    ),
    (
        "right for all {cases} shapes tried: two 1×1s save while C_b·(C_in + C_out) < C_in·C_out, "
        "and their product has rank at most min(C_in, C_b, C_out), so a narrow pair cannot "
        "represent a full-rank C_out × C_in matrix."
    ): (
        "试过的 {cases} 种形状全都对了：只要 C_b·(C_in + C_out) < C_in·C_out，两个 1×1 卷积就能节省"
        " MAC；它们乘积的秩至多是 min(C_in, C_b, C_out)，所以窄的一对表示不了满秩的 C_out × C_in 矩"
        "阵。"
    ),
    # advcnn.exercises.nb01_further: 01.5 to 01.7
    "two 3×3 convolutions' MACs over one 5×5's": "两个 3×3 卷积的 MAC 除以一个 5×5 卷积的 MAC",
    "that is one 5×5 over two 3×3s: the question asks two 3×3s ÷ one 5×5.": (
        "这是一个 5×5 除以两个 3×3：题目问的是两个 3×3 ÷ 一个 5×5。"
    ),
    "that counts one 3×3 convolution; the pair has two.": "这只算了一个 3×3 卷积；这一对有两个。",
    "a convolution's cost grows with k², not k: 3² and 5².": (
        "卷积的开销随 k² 增长，而不是随 k：是 3² 和 5²。"
    ),
    "one 3×3 against one 5×5, and with k instead of k²: two 3×3s, and k².": (
        "这是一个 3×3 对一个 5×5，而且用的是 k 而不是 k²：应当是两个 3×3，并且用 k²。"
    ),
    (
        "the 3×3 convolutions lost their padding: with padding 1 each keeps the 28×28 size, as the "
        "5×5 with padding 2 does."
    ): "3×3 卷积丢了填充：填充为 1 时，每个都保持 28×28 的尺寸，就像填充为 2 的 5×5 那样。",
    "Divide 2 · conv_macs(C, C, 3, 28) by conv_macs(C, C, 5, 28).": (
        "用 2 · conv_macs(C, C, 3, 28) 除以 conv_macs(C, C, 5, 28)。"
    ),
    "a count of non-zero outputs ('nonzero')": "非零输出的个数（'nonzero'）",
    "that is after one 3×3 convolution: feed its output through the second.": (
        "这是经过一个 3×3 卷积之后的结果：把它的输出再送进第二个。"
    ),
    (
        "that counts every output value, zeros included: count the non-zero ones "
        "(torch.count_nonzero)."
    ): "这把每个输出值都算上了，包括零：只数非零的（torch.count_nonzero）。",
    "that is the window of three stacked 3×3s (or a 7×7): use two.": (
        "这是三个叠起来的 3×3（或一个 7×7）的窗口：用两个。"
    ),
    "that is the window's width: count the non-zero values in the whole square.": (
        "这是窗口的宽度：数一数整个正方形里的非零值。"
    ),
    (
        "{count:g} is not the number of non-zero outputs: the padding keeps 11×11, and a value is "
        "non-zero if the 1 lies in its window."
    ): (
        "{count:g} 不是非零输出的个数：填充使尺寸保持 11×11，只要那个 1 落在某个输出值的窗口里，这"
        "个值就非零。"
    ),
    (
        "two 3×3s cost 18/25 of one 5×5 at any C (conv_macs agrees at C = 16, 64 and 256), and the "
        "single 1 spreads to a 5×5 square of non-zero outputs: the same window, fewer MACs."
    ): (
        "在任何 C 下，两个 3×3 的开销都是一个 5×5 的 18/25（conv_macs 在 C = 16、64 和 256 时都给出"
        "这个值），而那个唯一的 1 扩散成一片 5×5 的非零输出：窗口相同，MAC 更少。"
    ),
    "the block's MACs": "这个块的 MAC",
    (
        "that is FLOPs, twice the MACs: FlopCounterMode counts a multiply and an add for each "
        "multiply-accumulate."
    ): "这是 FLOPs，是 MAC 的两倍：FlopCounterMode 把每次乘加算作一次乘法和一次加法。",
    "that is one output pixel's MACs (the number of weights): multiply by H_out·W_out = 56·56.": (
        "这是一个输出像素的 MAC（也就是权重的个数）：再乘以 H_out·W_out = 56·56。"
    ),
    "that is the block's parameters, weights and biases, not its MACs.": (
        "这是这个块的参数（权重和偏置），不是它的 MAC。"
    ),
    (
        "that counts two of the three convolutions: the block has a 1×1 reduce, a 3×3 and a 1×1 "
        "expand."
    ): "这只算了三个卷积中的两个：这个块有一个 1×1 降维、一个 3×3 和一个 1×1 升维。",
    "the 3×3 convolution is missing.": "少了那个 3×3 卷积。",
    "the 3×3 convolution lost its padding: with padding 1 it keeps 56×56.": (
        "3×3 卷积丢了填充：填充为 1 时它保持 56×56。"
    ),
    "Add three conv_macs calls: 1×1 256→64, 3×3 64→64, 1×1 64→256, all at 56×56.": (
        "把三次 conv_macs 调用的结果加起来：1×1 256→64、3×3 64→64、1×1 64→256，都在 56×56 上。"
    ),
    "the block's MACs over two 3×3 convolutions 256→256": (
        "这个块的 MAC 除以两个 256→256 的 3×3 卷积的 MAC"
    ),
    "that is two 3×3s ÷ the block: the question asks the block ÷ two 3×3s.": (
        "这是两个 3×3 ÷ 这个块：题目问的是这个块 ÷ 两个 3×3。"
    ),
    (
        "that compares with one 3×3 convolution (or FLOPs with MACs): the block replaces two, "
        "counted in MACs."
    ): "这是在和一个 3×3 卷积比（或者拿 FLOPs 和 MAC 比）：这个块替代的是两个，都按 MAC 算。",
    "twice too small: FLOPs on one side and MACs on the other?": (
        "小了一半：是不是一边用了 FLOPs，另一边用了 MAC？"
    ),
    "Divide by 2 · conv_macs(256, 256, 3, 56).": "除以 2 · conv_macs(256, 256, 3, 56)。",
    (
        "the block's three convolutions cost what FlopCounterMode measures, less than a tenth of "
        "two 3×3 convolutions at 256 channels: the 3×3 works on 64 channels only."
    ): (
        "这个块的三个卷积的开销和 FlopCounterMode 测得的一致，不到两个 256 通道 3×3 卷积的十分之一"
        "：3×3 只在 64 个通道上计算。"
    ),
    "expected 'timings' to be a dict {{batch_size: (direct_ms, bottleneck_ms)}}, got {got}": (
        "'timings' 应当是一个 dict {{batch_size: (direct_ms, bottleneck_ms)}}，你给的是 {got}"
    ),
    "the keys of 'timings' are batch sizes (whole numbers), not {batch!r}": (
        "'timings' 的键是批大小（整数），而不是 {batch!r}"
    ),
    "timings[{batch}] should be a pair (direct_ms, bottleneck_ms)": (
        "timings[{batch}] 应当是一对数 (direct_ms, bottleneck_ms)"
    ),
    "a time in ms for batch {batch}": "批大小 {batch} 的一个时间（毫秒）",
    "timings[{batch}] holds a time that is not positive": "timings[{batch}] 里有一个不是正数的时间",
    "'timings' should hold your measurements for batch sizes 1 and 64 at least.": (
        "'timings' 至少应当包含你在批大小 1 和 64 下测得的结果。"
    ),
    (
        "in every pair the bottleneck path is the slower one: are the pairs swapped? They should "
        "be (direct_ms, bottleneck_ms)."
    ): "每一对里都是瓶颈路径更慢：是不是把每一对的顺序弄反了？应当是 (direct_ms, bottleneck_ms)。",
    "a number (the speed-up the MACs predict)": "一个数（MAC 预测的加速比）",
    "the batch multiplies both paths' MACs, so it cancels from the speed-up.": (
        "批大小同时乘在两条路径的 MAC 上，所以在加速比里约掉了。"
    ),
    "the speed-up the MACs predict": "MAC 预测的加速比",
    "that is the MAC ratio, bottleneck ÷ direct; a speed-up is direct ÷ bottleneck.": (
        "这是 MAC 比值，即瓶颈 ÷ 直接；加速比是直接 ÷ 瓶颈。"
    ),
    "that comes from the parameter counts; the prediction is about MACs.": (
        "这是从参数量算出来的；这里要预测的是 MAC 给出的加速比。"
    ),
    (
        "It is close, but rounded too far: compute it from bottleneck_cost()'s MACs instead of "
        "typing it."
    ): "已经很接近了，但舍入得太多：用 bottleneck_cost() 的 MAC 算出来，不要手动输入。",
    "Divide the direct path's MACs by the bottleneck path's (bottleneck_cost()).": (
        "用直接路径的 MAC 除以瓶颈路径的 MAC（bottleneck_cost()）。"
    ),
    "'closest' should be one of the batch sizes you timed ({timed}), got {closest!r}.": (
        "'closest' 应当是你计过时的批大小之一（{timed}），你给的是 {closest!r}。"
    ),
    (
        "batch {closest} gave your largest speed-up, but not the one closest to the prediction: a "
        "speed-up above the prediction is off too."
    ): (
        "批大小 {closest} 给出了你测得的最大加速比，但不是最接近预测的那个：高于预测的加速比同样是"
        "偏离。"
    ),
    (
        "by your own timings, batch {closest}'s speed-up is not the closest to the prediction: "
        "compute direct_ms / bottleneck_ms for each batch and compare."
    ): (
        "按你自己的计时，批大小 {closest} 的加速比不是最接近预测的：对每个批大小算出 direct_ms / "
        "bottleneck_ms，再比较。"
    ),
    (
        "the MACs predict the same speed-up at every batch size, since the batch multiplies both "
        "paths alike, and you read the batch closest to it off your own timings."
    ): (
        "MAC 在每个批大小下预测的加速比都一样，因为批大小对两条路径的作用相同；你也从自己的计时里读"
        "出了最接近它的那个批大小。"
    ),
    # advcnn.exercises.nb02_modules: an Inception module the learner wrote
    "expected {what}, a whole number, got {number:g}": (
        "这里需要{what}，而且是整数，你给的是 {number:g}"
    ),
    "Write forward too: it still raises NotImplementedError.": (
        "把 forward 也写出来：它现在仍然抛出 NotImplementedError。"
    ),
    "forward still has a `...` to fill in: replace it, then run the cells again.": (
        "forward 里还有一个 `...` 要填：把它换掉，然后重新运行这些单元格。"
    ),
    "forward still returns `...`: return the concatenation of the branches.": (
        "forward 仍然返回 `...`：应当返回各分支拼接的结果。"
    ),
    (
        "the layer {name} has no bias (bias=False?); the lecture's convolutions keep the default "
        "bias=True."
    ): "层 {name} 没有偏置（是不是写了 bias=False？）；课上的卷积保留默认的 bias=True。",
    (
        "the layer {name} has stride={stride}: a stride above 1 shrinks the image, and the "
        "branches could no longer be concatenated. Leave the stride at 1."
    ): (
        "层 {name} 的 stride={stride}：大于 1 的步幅会缩小图像，各分支就无法再拼接了。让步幅保持为 "
        "1。"
    ),
    (
        "the layer {name} has padding={padding}: a {kernel}×{kernel} kernel then turns a "
        "{size}×{size} input into {out}×{out}, and its branch cannot be concatenated with the "
        "others. Choose the padding that keeps H×W (section 3)."
    ): (
        "层 {name} 的 padding={padding}：这样 {kernel}×{kernel} 的卷积核会把 {size}×{size} 的输入变"
        "成 {out}×{out}，它所在的分支就无法和其他分支拼接。请选一个能保持 H×W 的填充（第 3 节）。"
    ),
    (
        "every branch is right, but they are concatenated in another order: the lecture's list is "
        "[branch1x1, branch5x5, branch3x3, branch_pool]."
    ): (
        "每个分支都对，但拼接的顺序不同：课上的列表是 [branch1x1, branch5x5, branch3x3, "
        "branch_pool]。"
    ),
    (
        "the weights load and the shapes agree, but the channels of the {branches} branches "
        "differ: {hint}."
    ): "权重可以加载，形状也一致，但 {branches} 这几个分支的通道不同：{hint}。",
    (
        "the weights load and the shapes agree, but the channels of the {branches} branch differ: "
        "{hint}."
    ): "权重可以加载，形状也一致，但 {branches} 分支的通道不同：{hint}。",
    (
        "pass the class itself, {name}, not a module built from it: the check builds it with "
        "in_channels=10 and with in_channels=20."
    ): (
        "请传入类本身，也就是 {name}，而不是用它构建出的模块：检查时会分别用 in_channels=10 和 "
        "in_channels=20 来构建它。"
    ),
    "the class {name}": "类 {name}",
    "Replace the `...` of {blanks} with a layer.": "把 {blanks} 的 `...` 换成一个层。",
    " The branches are joined along the channels: which dimension is that?": (
        " 各分支是沿着通道拼接的：那是哪一个维度？"
    ),
    "built with in_channels={in_channels}, {message}": (
        "用 in_channels={in_channels} 构建时，{message}"
    ),
    " Is 10 written where in_channels belongs?": "是不是在该写 in_channels 的地方写成了 10？",
    # advcnn.exercises.nb02_part1: 02.w1, 02.p1 and 02.1 to 02.4
    "the pool branch uses max pooling; the lecture's uses an average (F.avg_pool2d).": (
        "池化分支用的是最大池化；课上用的是平均池化（F.avg_pool2d）。"
    ),
    (
        "the pool branch divides by the real pixels only (count_include_pad=False); the lecture's "
        "average keeps the default."
    ): "池化分支只除以真实像素的个数（count_include_pad=False）；课上的平均池化保留默认设置。",
    "the pool branch applies branch_pool to x itself: the average pooling comes first.": (
        "池化分支把 branch_pool 直接用在 x 上：应当先做平均池化。"
    ),
    "your module applies ReLUs; the lecture's InceptionA has none (exercise 9 adds them).": (
        "你的模块用了 ReLU；课上的 InceptionA 没有 ReLU（练习 9 才把它们加上）。"
    ),
    "check that forward applies that branch's layers to x, in order": (
        "检查 forward 是否按顺序把这个分支的各层作用在 x 上"
    ),
    (
        "built with in_channels=10 and 20, it takes all {tensors} tensors of "
        "advcnn.models.InceptionA with strict=True, and the outputs agree."
    ): (
        "分别用 in_channels=10 和 20 构建，它都能用 strict=True 接收 advcnn.models.InceptionA 的全"
        "部 {tensors} 个张量，输出也一致。"
    ),
    "fc's input with a 64-channel 5×5 branch": "5×5 分支有 64 个通道时 fc 的输入大小",
    (
        "that is the lecture's fc input: a wider branch widens the concatenation, and fc reads all "
        "of it."
    ): "这是课上 fc 的输入大小：分支变宽，拼接结果也随之变宽，而 fc 要读入拼接结果的全部。",
    (
        "that is the concatenated width; fc reads every channel at each pixel of the last feature "
        "map."
    ): "这是拼接后的宽度；fc 要读入最后一张特征图每个像素上的每个通道。",
    "that counts the 5×5 branch alone; fc reads all four branches.": (
        "这只算了 5×5 分支；fc 要读入全部四个分支。"
    ),
    "that is how much fc's input grows; the question asks for the whole input.": (
        "这是 fc 的输入增加了多少；题目问的是整个输入。"
    ),
    "64 replaces the branch's 24 channels; it is not added to them.": (
        "64 是替换这个分支原来的 24 个通道，而不是加在上面。"
    ),
    "Concatenated width × height × width of incep2's output.": (
        "拼接后的宽度 × incep2 输出的高 × 宽。"
    ),
    "the fc layer reads every channel of the concatenation at every pixel of incep2's output.": (
        "fc 层读入 incep2 输出每个像素上、拼接结果的每个通道。"
    ),
    "flat_features for 32×32 images": "32×32 图像的 flat_features",
    "that is the 28×28 network's value: start the chain from 32.": (
        "这是 28×28 网络的值：从 32 开始一路往下算。"
    ),
    "the last feature map is square: multiply by its height and its width.": (
        "最后的特征图是正方形的：要乘以它的高和宽。"
    ),
    "that is one channel's feature map; fc reads every channel of incep2.": (
        "这是一个通道的特征图；fc 要读入 incep2 的每个通道。"
    ),
    "{conv2} is conv2's width, but incep2 comes after it and concatenates more channels.": (
        "{conv2} 是 conv2 的宽度，但 incep2 在它后面，会拼接出更多的通道。"
    ),
    "without padding, a convolution keeps H − k + 1 pixels, not H − k.": (
        "不加填充时，卷积保留 H − k + 1 个像素，而不是 H − k。"
    ),
    "one of the two 2×2 max poolings is left out.": "两个 2×2 最大池化漏掉了一个。",
    "32 → conv1 → pool → incep1 → conv2 → pool → incep2, then channels × H × W.": (
        "32 → conv1 → pool → incep1 → conv2 → pool → incep2，然后是通道数 × H × W。"
    ),
    "the chain of output sizes gives it, as InceptionNet(image_size=32) computes it.": (
        "一层层的输出尺寸给出了它，和 InceptionNet(image_size=32) 算出的一样。"
    ),
    "the padding for a 7×7 kernel": "7×7 卷积核所需的填充",
    "that is the kernel size; the padding is what each side needs, (k − 1)/2.": (
        "这是卷积核大小；填充是每一边所需的量，(k − 1)/2。"
    ),
    "the padding is (k − 1)/2, not k/2.": "填充是 (k − 1)/2，不是 k/2。",
    "that is the total of both sides, 2p; padding= is per side.": (
        "这是两边加起来的 2p；padding= 指的是每一边。"
    ),
    "that is the 5×5 kernel's padding.": "这是 5×5 卷积核的填充。",
    "H_out = H + 2p − k + 1 must equal H.": "H_out = H + 2p − k + 1 必须等于 H。",
    "the parameters the branch gains": "这个分支多出来的参数",
    "that is the whole 7×7 convolution; the question asks how many more than the 5×5 one it has.": (
        "这是整个 7×7 卷积的参数；题目问的是它比 5×5 的多多少。"
    ),
    "that is the whole 7×7 convolution's weights; subtract the 5×5 one's.": (
        "这是整个 7×7 卷积的权重；还要减去 5×5 卷积的。"
    ),
    "the weights grow with k², not with k.": "权重随 k² 增长，而不是随 k。",
    (
        "each output channel has a 7×7 kernel for every input channel: the input channels are "
        "missing."
    ): "每个输出通道对每个输入通道都有一个 7×7 卷积核：少算了输入通道。",
    "the output channels are missing: each has its own kernels.": (
        "少算了输出通道：每个输出通道都有自己的卷积核。"
    ),
    "that is for InceptionNet's two modules; the question asks for one.": (
        "这是 InceptionNet 两个模块的总数；题目问的是一个模块。"
    ),
    "that is MACs on a 12×12 image; parameters do not depend on it.": (
        "这是 12×12 图像上的 MAC；参数和图像无关。"
    ),
    "conv_params(16, 24, 7) − conv_params(16, 24, 5); the biases cancel.": (
        "conv_params(16, 24, 7) − conv_params(16, 24, 5)；偏置相互抵消。"
    ),
    "padding (k − 1)/2 on each side keeps H×W, and a k×k kernel has k² weights per pair.": (
        "每边填充 (k − 1)/2 能保持 H×W，而 k×k 卷积核对每一对输入、输出通道有 k² 个权重。"
    ),
    "a shape (N, C, H, W)": "一个形状 (N, C, H, W)",
    "this shape has {count} numbers: give all four, (N, C, H, W).": (
        "这个形状有 {count} 个数：四个都要给出，(N, C, H, W)。"
    ),
    "the batch N: x holds one image, and a convolution keeps the batch.": (
        "批大小 N：x 只有一张图像，卷积不改变批大小。"
    ),
    "the channels C: branch5x5_2 maps 16 channels to 24, whatever padding.": (
        "通道数 C：无论填充多少，branch5x5_2 都把 16 个通道变成 24 个。"
    ),
    "that is padding=1, section 5's mistake.": "这是 padding=1，也就是第 5 节的那个错误。",
    "padding 3 is not the padding that keeps 12×12.": "填充 3 不是能保持 12×12 的那个填充。",
    "the padding adds 3 pixels on each side: 2p in all.": "填充在每一边加 3 个像素：一共是 2p。",
    "H + 2p is the padded input; the kernel then fits H + 2p − k + 1 times.": (
        "H + 2p 是填充后的输入；卷积核在上面能放下 H + 2p − k + 1 次。"
    ),
    "the height H": "高 H",
    "the width W": "宽 W",
    "{wrong}: {said}": "{wrong}：{said}",
    "the index of the tensor the message names": "报错信息里点名的那个张量的下标",
    "PyTorch compares every tensor with the first one, and names the one that differs.": (
        "PyTorch 把每个张量都和第一个比较，并指出不一致的那个。"
    ),
    "counting from 1? The message counts the list from 0.": (
        "是从 1 开始数的吗？报错信息给列表计数是从 0 开始的。"
    ),
    "the list holds two tensors, [out1x1, out5x5], counted from 0.": (
        "列表里有两个张量 [out1x1, out5x5]，从 0 开始计数。"
    ),
    "too much padding breaks the concatenation as surely as too little.": (
        "填充太多和填充太少一样，都会让拼接失败。"
    ),
    "the channels torch.cat gives": "torch.cat 得到的通道数",
    "that is the lecture's module; here the 1×1 branch has 24 channels too.": (
        "这是课上的模块；这里 1×1 分支也有 24 个通道。"
    ),
    "torch.cat stacks the branches' channels one after the other.": (
        "torch.cat 把各分支的通道一个接一个地叠起来。"
    ),
    "the channels sum(outputs) gives": "sum(outputs) 得到的通道数",
    (
        "adding does not stack channels: it adds the tensors value by value, and the shape stays "
        "that of each one."
    ): "相加不会叠加通道：它把张量逐个元素相加，形状和每个张量的一样。",
    "adding does not stack channels: it adds the tensors value by value.": (
        "相加不会叠加通道：它把张量逐个元素相加。"
    ),
    "sum adds the four tensors; it does not count them.": (
        "sum 把四个张量加起来，而不是数它们有几个。"
    ),
    "concatenation needs every dimension but the channels equal; addition needs all equal.": (
        "拼接要求除通道以外的每个维度都相等；相加要求所有维度都相等。"
    ),
    # advcnn.exercises.nb02_part2: 02.5 to 02.9
    "a list of keys ({what})": "一个由键组成的列表（{what}）",
    (
        "missing and unexpected are swapped: missing keys are those the module has and the "
        "state_dict lacks; unexpected ones the other way round."
    ): (
        "missing 和 unexpected 弄反了：missing 是模块有、而 state_dict 里没有的键；unexpected 正好"
        "相反。"
    ),
    "each key names a tensor, 'layer.weight' or 'layer.bias', not a layer.": (
        "每个键指的是一个张量，比如 'layer.weight' 或 'layer.bias'，而不是一个层。"
    ),
    "each convolution has two tensors: its weight and its bias.": (
        "每个卷积有两个张量：它的权重和它的偏置。"
    ),
    "these are not the keys load_state_dict reports; print its result.": (
        "这些不是 load_state_dict 报告的键；把它的返回值打印出来看看。"
    ),
    "strict=False raises nothing: that is what it is for.": (
        "strict=False 不会抛出任何错误：它就是为此而设的。"
    ),
    "the state_dict has no key 'branchpool.weight', so nothing is loaded there.": (
        "state_dict 里没有 'branchpool.weight' 这个键，所以那里什么也没有加载。"
    ),
    (
        "with strict=False the typo'd layer is skipped without a word and keeps its random "
        "weights. That is why the notebook loads with strict=True."
    ): (
        "用 strict=False 时，名字拼错的层会被悄无声息地跳过，保留它的随机权重。这就是笔记本用 "
        "strict=True 加载的原因。"
    ),
    "the output size with stride 2": "步幅为 2 时的输出尺寸",
    "the + 1 of the formula is missing.": "公式里的 + 1 漏掉了。",
    "the division is floored: a kernel fits only at whole steps.": (
        "除法要向下取整：卷积核只能停在整数步的位置上。"
    ),
    "a stride of 2 moves the kernel two pixels at a time: the output shrinks.": (
        "步幅 2 每次把卷积核移动两个像素：输出会变小。"
    ),
    "that ignores the padding and the stride.": "这忽略了填充和步幅。",
    "a padding": "一个填充值",
    "the padding is a number of pixels added on each side, 0 or more.": (
        "填充是在每一边添加的像素数，为 0 或更多。"
    ),
    "with padding={padding} the output is {out}×{out}, not 12×12.": (
        "padding={padding} 时输出是 {out}×{out}，不是 12×12。"
    ),
    "that padding keeps 12×12, but most windows then see only zeros.": (
        "这个填充能保持 12×12，但这样大多数窗口看到的就只有零了。"
    ),
    "a dict of slider widths, e.g. {example}": "一个由滑块宽度组成的 dict，例如 {example}",
    "{key!r} is not a slider; the sliders are {sliders}.": "{key!r} 不是滑块；滑块有 {sliders}。",
    "a width for {key}": "一个宽度（{key}）",
    "{key} must be at least 1 channel.": "{key} 至少要有 1 个通道。",
    (
        "these widths concatenate {concat} channels, not {lecture}: what one branch gives up, "
        "another must take."
    ): (
        "这些宽度拼接出 {concat} 个通道，而不是 {lecture} 个：一个分支让出的通道，必须由另一个分支"
        "接过去。"
    ),
    "these widths give {params:,} parameters, not fewer than the lecture's.": (
        "这些宽度给出 {params:,} 个参数，并不比课上的少。"
    ),
    "its 1×1 convolution reads the module's input once per channel: few weights.": (
        "它的 1×1 卷积每个通道只读一遍模块的输入：权重很少。"
    ),
    (
        "the 5×5 kernel is the largest, but count what one channel less saves in every convolution "
        "the width appears in, as input or as output."
    ): (
        "5×5 卷积核确实最大，但要算一算：少一个通道，在这个宽度出现的每个卷积里（不论作为输入还是输"
        "出）各能省下多少。"
    ),
    "one of the sliders": "应为以下滑块之一",
    (
        "fewer parameters at the same width, and one channel less in the {right} saves {saved:,} "
        "parameters, the most of the four."
    ): "宽度不变，参数更少；在 {right!r} 上少一个通道能省下 {saved:,} 个参数，是四者中最多的。",
    "the divisor at the {name}": "{name} 处的除数",
    "at the {name}, that counts the padded zeros: the default, count_include_pad=True.": (
        "在 {name} 处，这把填充的零也算进去了：那是默认的 count_include_pad=True。"
    ),
    "at the {name}, the output pixel's own input pixel counts too.": (
        "在 {name} 处，输出像素自己对应的那个输入像素也要算上。"
    ),
    "count the real pixels in the 3×3 window around it.": "数一数它周围 3×3 窗口里的真实像素。",
    "without the padded zeros, each output is the mean of the pixels really there.": (
        "不算填充的零，每个输出就是真实存在的那些像素的平均值。"
    ),
    (
        "the outputs are those of the module without ReLUs: apply F.relu after each convolution in "
        "forward."
    ): "输出和没有 ReLU 的模块一样：在 forward 里每个卷积之后都加上 F.relu。",
    (
        "only one ReLU at the end (after the concatenation, or at the end of each branch) is not "
        "GoogLeNet's: it puts one after every convolution, inside the branches too."
    ): (
        "只在末尾放一个 ReLU（拼接之后，或每个分支的末尾）不是 GoogLeNet 的做法：它在每个卷积之后都"
        "放一个，分支内部也一样。"
    ),
    "put F.relu after every convolution of that branch, and nowhere else": (
        "在这个分支的每个卷积之后都加上 F.relu，别处不加"
    ),
    (
        "all {tensors} tensors of advcnn.models.InceptionA load with strict=True although the "
        "outputs differ: a ReLU has no parameters, and a state_dict holds parameters and buffers, "
        "not what forward does with them."
    ): (
        "尽管输出不同，advcnn.models.InceptionA 的全部 {tensors} 个张量都能用 strict=True 加载："
        "ReLU 没有参数，而 state_dict 只保存参数和缓冲区，不保存 forward 怎样使用它们。"
    ),
    # advcnn.exercises.nb03_common: what notebook 03's checks share
    "{what} should be one run's History, not a dict of them": (
        "{what} 应当是一次运行的 History，而不是由它们组成的 dict"
    ),
    "{what}: the History that fit returned": "{what}：fit 返回的 History",
    (
        "{what} has no logged training loss or no finished epoch: train at least one epoch with "
        "log_every set, as section 3's recipe does"
    ): (
        "{what} 没有记录下来的训练损失，或者一轮也没有跑完：至少训练一轮，并设置 log_every，就像第 "
        "3 节的训练方案那样"
    ),
    "expected {what}, a whole number, got {number!r}": (
        "这里需要{what}，而且是整数，你给的是 {number!r}"
    ),
    (
        "What you answered is right so far. Replace the `...` (or the `raise NotImplementedError`) "
        "of {names} too."
    ): (
        "到目前为止你的回答都是对的。把 {names} 的 `...`（或 `raise NotImplementedError`）也换成你"
        "的答案。"
    ),
    # advcnn.exercises.nb03_sections: 03.p1, 03.w1 and 03.w2
    "a number, one of {options}": "一个数，取 {options} 之一",
    "write the power of ten itself, as 1e{exponent} is written, not its exponent": (
        "写出 10 的幂本身，也就是写成 1e{exponent}，而不是只写它的指数"
    ),
    "pick the power of ten nearest to your estimate: one of {options}": (
        "选出最接近你的估计的那个 10 的幂：{options} 之一"
    ),
    (
        "at {depth} blocks the plain stack's first ÷ last is closest to 1e{right}: {steps} steps "
        "back from the last block to the first, each keeping a fraction of the gradient, where "
        "{section_depth} blocks had {section_steps}. Set the explorer's depth to {depth} and read "
        "it on the notebook's digits."
    ): (
        "在 {depth} 个块时，普通堆叠的第一个 ÷ 最后一个最接近 1e{right}：从最后一个块往回到第一个块"
        "要走 {steps} 步，每一步只留下梯度的一部分，而 {section_depth} 个块时要走 {section_steps} "
        "步。把探索器的深度设为 {depth}，在笔记本的数字上读出这个值。"
    ),
    (
        "about 1e{chosen} is what {section_depth} blocks gave in section 1. Half the blocks "
        "multiply the gradient by the per-block factor half as often: it is the exponent that "
        "roughly halves, not the ratio"
    ): (
        "大约 1e{chosen} 是第 1 节里 {section_depth} 个块给出的值。块数减半，梯度乘以每块因子的次数"
        "也减半：大致减半的是指数，而不是比值本身"
    ),
    (
        "that is too little decay: a plain block passes back only a small fraction of the gradient "
        "it receives (section 1 computed it), and {depth} blocks make {steps} such steps from the "
        "last block to the first"
    ): (
        "这样衰减得太少了：普通块只把它收到的梯度的一小部分往回传（第 1 节算过），而 {depth} 个块从"
        "最后一个到第一个要走 {steps} 步"
    ),
    (
        "that is too much decay for this depth: count the steps from the last block to the first "
        "and raise section 1's per-block factor to that power"
    ): (
        "对这个深度来说衰减得太多了：数一数从最后一个块到第一个块有几步，再把第 1 节的每块因子取这"
        "么多次幂"
    ),
    "forward has no shortcut: it returns relu(F(x)), a plain block. Add x before the last ReLU": (
        "forward 没有捷径连接：它返回 relu(F(x))，是一个普通块。在最后一个 ReLU 之前加上 x"
    ),
    "the last ReLU comes after the addition: relu(x + F(x)), not x + relu(F(x))": (
        "最后一个 ReLU 在加法之后：是 relu(x + F(x))，不是 x + relu(F(x))"
    ),
    "the last ReLU is missing: the block returns relu(x + F(x))": (
        "少了最后一个 ReLU：这个块应当返回 relu(x + F(x))"
    ),
    "the ReLU between conv1 and conv2 is missing: F(x) = conv2(relu(conv1(x)))": (
        "conv1 和 conv2 之间少了 ReLU：F(x) = conv2(relu(conv1(x)))"
    ),
    "Replace the `...` of {names} with a layer, then run the cell again.": (
        "把 {names} 的 `...` 换成一个层，然后重新运行这个单元格。"
    ),
    "forward still uses a `...`: replace it with the line it stands for.": (
        "forward 里还有 `...`：把它换成它所代表的那一行。"
    ),
    "forward still returns `...`: write the line it stands for.": (
        "forward 仍然返回 `...`：写出它所代表的那一行。"
    ),
    (
        "your {name} has stride {stride}: it shrinks the image, and x + F(x) needs F(x) to keep "
        "x's height and width"
    ): "你的 {name} 步幅为 {stride}：它会缩小图像，而 x + F(x) 要求 F(x) 保持 x 的高和宽",
    (
        "your {name} has padding {padding}: a 3×3 convolution without padding 1 changes the height "
        "and width, and then x + F(x) cannot be added"
    ): (
        "你的 {name} 填充为 {padding}：没有填充 1 的 3×3 卷积会改变高和宽，这样 x + F(x) 就加不起来"
        "了"
    ),
    (
        "pass the class itself, LectureResidualBlock, not a block built from it: the check builds "
        "it with several channel counts"
    ): (
        "请传入类本身，也就是 LectureResidualBlock，而不是用它构建出的块：检查时会用几种不同的通道"
        "数来构建它"
    ),
    "your block class": "你写的块的类",
    "check forward: relu(conv1(x)), then conv2, then add x, then the ReLU": (
        "检查 forward：先 relu(conv1(x))，再 conv2，再加上 x，最后是 ReLU"
    ),
    " The block works with 16 channels: build its layers from `channels`": (
        "这个块在 16 个通道时是对的：用 `channels` 来构建它的各层"
    ),
    "with {channels} channels: {message}": "用 {channels} 个通道时：{message}",
    "{message}, with 16 channels and with 32.": "{message}，16 个通道和 32 个通道都是如此。",
    "the ReLU after conv2 is missing: conv2, ReLU, then pooling": (
        "conv2 之后少了 ReLU：应当是 conv2、ReLU，然后池化"
    ),
    "the ReLU after conv1 is missing: conv1, ReLU, then pooling": (
        "conv1 之后少了 ReLU：应当是 conv1、ReLU，然后池化"
    ),
    "forward never calls rblock1: it comes after the first pooling": (
        "forward 从没调用 rblock1：它在第一次池化之后"
    ),
    "forward never calls rblock2: it comes after the second pooling": (
        "forward 从没调用 rblock2：它在第二次池化之后"
    ),
    "your network class": "你写的网络的类",
    (
        "your fc takes {features} input features, not the number that flattening gives: count "
        "channels × height × width after rblock2 (shape_trace shows them)"
    ): (
        "你的 fc 接收 {features} 个输入特征，不是展平后得到的个数：数一数 rblock2 之后的通道数 × 高"
        " × 宽（shape_trace 会显示它们）"
    ),
    (
        "check forward: conv1, ReLU, pooling, rblock1, then conv2, ReLU, pooling, rblock2, then "
        "flatten and fc"
    ): "检查 forward：conv1、ReLU、池化、rblock1，然后 conv2、ReLU、池化、rblock2，再展平并送入 fc",
    (
        "forward hands fc a different number of features than fc takes: after conv2 come its ReLU "
        "and the 2×2 max-pooling, before rblock2"
    ): (
        "forward 交给 fc 的特征数和 fc 接收的不一致：conv2 之后先是它的 ReLU 和 2×2 最大池化，然后"
        "才是 rblock2"
    ),
    # advcnn.exercises.nb03_init: 03.1 and 03.2
    (
        "in blocks[{block}], conv2.{kind} is not all zeros: zero the weight and the bias of conv2 "
        "in every one of the {depth} blocks (F(x) = conv2(...) + bias)"
    ): (
        "在 blocks[{block}] 里，conv2.{kind} 不全是零：把全部 {depth} 个块中 conv2 的权重和偏置都设"
        "为零（F(x) = conv2(...) + bias）"
    ),
    (
        "your zero_branch changed {key} too: zero only conv2, the branch's last layer. With conv1 "
        "at zero as well, no gradient reaches either of them, and the branch can never start to "
        "learn"
    ): (
        "你的 zero_branch 把 {key} 也改了：只把 conv2，也就是分支的最后一层设为零。如果 conv1 也是"
        "零，两层都收不到梯度，这个分支就永远无法开始学习"
    ),
    "your zero_branch changed {key}: it should change the blocks' conv2 only": (
        "你的 zero_branch 改了 {key}：它应当只改各个块的 conv2"
    ),
    "a count of blocks for {name!r}": "一个块数（{name!r}）",
    "{name!r} counts blocks: a number from 0 to {depth}": (
        "{name!r} 数的是块：应为 0 到 {depth} 之间的数"
    ),
    (
        "count again: conv1's gradient arrives through conv2's weights, which are now zero. Look "
        "at (blocks[i].conv1.weight.grad == 0).all()"
    ): (
        "再数一遍：conv1 的梯度要经过 conv2 的权重才能传过来，而这些权重现在是零。看看 "
        "(blocks[i].conv1.weight.grad == 0).all()"
    ),
    (
        "count again: conv2's weights are zero, but its gradient need not be: it is the gradient "
        "arriving at conv2's output times conv2's input, relu(conv1(x))"
    ): (
        "再数一遍：conv2 的权重是零，但它的梯度不一定是零：它等于到达 conv2 输出处的梯度乘以 conv2 "
        "的输入 relu(conv1(x))"
    ),
    (
        "your zero_branch zeroes the {depth} conv2 layers and nothing else, and the counts are "
        "right: conv1 gets no gradient in {conv1_zero} blocks, conv2 in {conv2_zero}. Every block "
        "now computes relu(x + 0) = x on its non-negative input, so the gradient passes through "
        "all of them unchanged (autograd's Jacobian is the ReLU's mask, 1 where x > 0). conv2 "
        "learns first; as soon as its weights leave zero, conv1 gets a gradient too."
    ): (
        "你的 zero_branch 把 {depth} 个 conv2 层设为零，别的都没动，计数也对：conv1 在 "
        "{conv1_zero} 个块里收不到梯度，conv2 在 {conv2_zero} 个块里收不到。现在每个块对它非负的输"
        "入计算 relu(x + 0) = x，所以梯度原封不动地穿过所有块（autograd 的雅可比矩阵就是 ReLU 的掩"
        "码，x > 0 处为 1）。conv2 先开始学习；一旦它的权重离开零，conv1 也就有了梯度。"
    ),
    (
        "the layer {name} still has PyTorch's default weights: re-initialise every nn.Conv2d of "
        "the stack, the stem included"
    ): "层 {name} 仍然是 PyTorch 的默认权重：重新初始化堆叠中的每个 nn.Conv2d，包括 stem",
    "the bias of {name} is not zero: set every convolution's bias to zero": (
        "{name} 的偏置不是零：把每个卷积的偏置都设为零"
    ),
    (
        "the weights of {name} have the spread of gain 1 (nonlinearity='linear'): a ReLU zeroes "
        "half of its inputs, which He et al.'s gain of √2 makes up for"
    ): (
        "{name} 的权重的分散程度对应增益 1（nonlinearity='linear'）：ReLU 会把一半的输入变成零，He "
        "等人的增益 √2 正是为了弥补这一点"
    ),
    (
        "the weights of {name} have a standard deviation of {spread:.2g} times He et al.'s √(2 / "
        "fan_in), with fan_in = in_channels × 3 × 3: use kaiming_normal_ with nonlinearity='relu' "
        "and its default mode, 'fan_in'"
    ): (
        "{name} 的权重的标准差是 He 等人的 √(2 / fan_in) 的 {spread:.2g} 倍，其中 fan_in = "
        "in_channels × 3 × 3：请用 kaiming_normal_，设 nonlinearity='relu'，并保留它的默认模式 "
        "'fan_in'"
    ),
    (
        "measure again after kaiming_init: with He et al.'s scale each block keeps the variance of "
        "its signal, so the gradient is no longer divided block by block"
    ): (
        "在 kaiming_init 之后再测一次：用上 He 等人的尺度，每个块都保持信号的方差，梯度就不会再一块"
        "接一块地被除小"
    ),
    "measure it: first ÷ last is not between 1e-3 and 1e3": (
        "测一测：第一个 ÷ 最后一个并不在 1e-3 和 1e3 之间"
    ),
    (
        "He et al.'s scale keeps the variance of the signal from block to block; it does not "
        "amplify it. Measure first ÷ last after kaiming_init"
    ): (
        "He 等人的尺度让信号的方差在块与块之间保持不变，而不会放大它。在 kaiming_init 之后测一测第"
        "一个 ÷ 最后一个"
    ),
    (
        "your kaiming_init gives every convolution He et al.'s scale, and the plain stack's first "
        "÷ last moves from around 1e-16 to order one: with the variance kept from block to block, "
        "the gradient is no longer divided at every block on its way back. Whether the stack then "
        "trains as well as the residual one is the second half of the exercise."
    ): (
        "你的 kaiming_init 给每个卷积都用上了 He 等人的尺度，普通堆叠的第一个 ÷ 最后一个从大约 "
        "1e-16 变成了 1 的量级：方差在块与块之间保持不变，梯度在往回传的路上就不会在每个块都被除小"
        "。这样的堆叠能不能训练得和残差堆叠一样好，是这道练习的后半部分。"
    ),
    # advcnn.exercises.nb03_float32: 03.3
    "a depth (a number of blocks)": "一个深度（块数）",
    "a depth here is a number of blocks, at least 2": "这里的深度是块的个数，至少为 2",
    "at depth {depth} every block's float32 norm is above 0: the zeros start deeper": (
        "深度为 {depth} 时，每个块的 float32 范数都大于 0：零出现在更深的地方"
    ),
    (
        "depth {depth}{reason} shows a zero, but so does a shallower stack: find the smallest "
        "depth, trying gradient_profile(..., dtype=torch.float32) one depth at a time"
    ): (
        "深度 {depth}{reason}出现了零，但更浅的堆叠也已经出现了：找出最小的那个深度，用 "
        "gradient_profile(..., dtype=torch.float32) 一个深度一个深度地试"
    ),
    " (section 1's depth)": "（第 1 节的深度）",
    "a number (the size of an entry)": "一个数（一个元素的大小）",
    (
        "that is the smallest float32 itself. The norm squares every entry first: which entries "
        "have a square that small?"
    ): "这是最小的 float32 本身。范数先把每个元素平方：哪些元素的平方会有这么小？",
    (
        "that is the smallest normal float32: below it come the subnormals, which reach much "
        "further down before a number becomes 0"
    ): "这是最小的正规 float32：它下面还有次正规数，要再往下很远，数才会变成 0",
    "below that an entry's square is subnormal, but not yet 0: the subnormals reach further down": (
        "低于这个值，元素的平方是次正规数，但还不是 0：次正规数还能往下延伸很远"
    ),
    "that is where squares overflow to inf; the question is where they underflow to 0": (
        "这是平方上溢成 inf 的地方；题目问的是平方下溢成 0 的地方"
    ),
    (
        "{number:g} is not where an entry's square becomes 0 in float32: that happens when the "
        "square falls below the smallest positive float32, torch.nextafter(torch.tensor(0.0), "
        "torch.tensor(1.0))"
    ): (
        "{number:g} 不是 float32 里元素的平方变成 0 的地方：平方要小于最小的正 float32，即 "
        "torch.nextafter(torch.tensor(0.0), torch.tensor(1.0))，才会变成 0"
    ),
    "ordinary entries": "普通大小的元素",
    "entries around 1e-30": "1e-30 左右的元素",
    "entries around 1e25": "1e25 左右的元素",
    "an all-zero tensor": "全零张量",
    "your norm32 changed the tensor it was given (an in-place div_?): work on a copy": (
        "你的 norm32 改动了传给它的张量（是不是用了原地操作 div_？）：请在副本上计算"
    ),
    "a number (norm32 of {what})": "一个数（{what}的 norm32）",
    (
        "for {what} your norm32 gives nan: dividing by the largest absolute value fails when it is "
        "0, so return 0 for such a tensor"
    ): (
        "对于{what}，你的 norm32 给出 nan：最大绝对值为 0 时，除以它会出问题，所以这种张量要直接返"
        "回 0"
    ),
    "for {what} your norm32 gives {result:g}, where the norm is 0": (
        "对于{what}，你的 norm32 给出 {result:g}，而范数是 0"
    ),
    (
        "for {what} your norm32 gives 0: the squares underflow in float32. Divide by the largest "
        "absolute value before squaring, and multiply back"
    ): (
        "对于{what}，你的 norm32 给出 0：平方在 float32 里下溢了。先除以最大绝对值再平方，最后再乘"
        "回来"
    ),
    (
        "for {what} your norm32 gives inf: the squares overflow float32 (above about 3.4e38). The "
        "same scaling, by the largest absolute value, fixes that too"
    ): (
        "对于{what}，你的 norm32 给出 inf：平方超出了 float32 的范围（大约 3.4e38 以上）。同样用最"
        "大绝对值来缩放，也能解决这个问题"
    ),
    "for {what} your norm32 forgets to multiply back by the scale it divided by": (
        "对于{what}，你的 norm32 忘了乘回之前除掉的缩放因子"
    ),
    "for {what} your norm32 gives the sum of squares: take its square root": (
        "对于{what}，你的 norm32 给出的是平方和：还要开平方根"
    ),
    "for {what} your norm32 gives {ratio:.3g} times the norm computed in float64": (
        "对于{what}，你的 norm32 给出的是用 float64 算出的范数的 {ratio:.3g} 倍"
    ),
    (
        "the depth is right (measured on 64 digits of the bundled sample), and so is the "
        "threshold: float32 squares an entry below about √(1.4e-45) to 0, so a block whose every "
        "gradient entry is that small has a float32 norm of 0. Your norm32 agrees with the float64 "
        "norm for tiny, huge, ordinary and all-zero tensors."
    ): (
        "深度是对的（在自带样本的 64 个数字上测得），阈值也对：float32 会把小于约 √(1.4e-45) 的元素"
        "平方成 0，所以如果一个块的每个梯度元素都这么小，它的 float32 范数就是 0。你的 norm32 在极"
        "小、极大、普通和全零的张量上都和 float64 范数一致。"
    ),
    # advcnn.exercises.nb03_depth: 03.4 to 03.6
    "its training loss over the last 100 steps stayed within 0.1 of chance (ln 10)": (
        "它最后 100 步的训练损失一直停在离随机猜测水平（ln 10）不到 0.1 的地方"
    ),
    "its training accuracy is more than 5 points above its test accuracy": (
        "它的训练准确率比测试准确率高出 5 个百分点以上"
    ),
    (
        "its training loss fell more than 0.1 below chance (ln 10), and its test accuracy is "
        "within 5 points of its training accuracy"
    ): (
        "它的训练损失降到了比随机猜测水平（ln 10）低 0.1 以上，而测试准确率和训练准确率相差不到 5 "
        "个百分点"
    ),
    "not for the run you passed: {reason}": "对你传入的这次运行来说不是这样：{reason}",
    (
        "overfitting needs a low training loss, and in the run you passed {reason}: it did not fit "
        "even the training digits"
    ): "过拟合要求训练损失很低，而在你传入的这次运行中，{reason}：它连训练数字都没有拟合好",
    (
        "underfitting is right: the run you passed never got its training loss below chance, so it "
        "failed on the training digits before the test digits could tell it anything. That is the "
        "opposite of overfitting, and section 1 says why: its first blocks hardly receive a "
        "gradient. He et al.'s deeper plain networks, with batch norm, still trained, but to a "
        "higher training error: the same kind of failure, milder."
    ): (
        "underfitting 是对的：你传入的这次运行，训练损失从没降到随机猜测水平以下，所以还没等测试数"
        "字说明什么，它就已经在训练数字上失败了。这和过拟合正好相反，第 1 节说明了原因：它前面的几"
        "个块几乎收不到梯度。He 等人更深的普通网络用了批归一化，仍然能训练，只是训练误差更高：是同"
        "一种失败，只是轻一些。"
    ),
    (
        "{right} is right for the run you passed: {reason}. Is it the history of section 3's "
        "20-block plain stack?"
    ): (
        "对你传入的这次运行来说，{right} 是对的：{reason}。这是第 3 节那个 20 个块的普通堆叠的 "
        "history 吗？"
    ),
    "a shape: a tuple such as (1, 16, 7, 7)": "一个形状：像 (1, 16, 7, 7) 这样的元组",
    "sizes in the shape": "形状中的各个尺寸",
    "give the whole shape, the batch dimension first: (N, C, H, W)": (
        "给出完整的形状，批维度在最前面：(N, C, H, W)"
    ),
    "an image batch has 4 dimensions (N, C, H, W), not {count}": (
        "一批图像有 4 个维度 (N, C, H, W)，而不是 {count} 个"
    ),
    "the block maps 16 channels to 32: its output has out_channels channels": (
        "这个块把 16 个通道变成 32 个：它的输出有 out_channels 个通道"
    ),
    "a square input gives a square output here": "这里正方形的输入得到的是正方形的输出",
    "stride 2 halves the height and the width (rounding as the convolution does)": (
        "步幅 2 会把高和宽减半（按卷积的方式取整）"
    ),
    (
        "⌊7 / 2⌋ is how pooling without ceil_mode rounds. The main path is a 3×3 convolution with "
        "padding 1 and stride 2: ⌊(H + 2 − 3) / 2⌋ + 1"
    ): (
        "⌊7 / 2⌋ 是不带 ceil_mode 的池化的取整方式。主路径是填充 1、步幅 2 的 3×3 卷积：⌊(H + 2 − "
        "3) / 2⌋ + 1"
    ),
    "run both blocks on torch.randn(1, 16, 7, 7) and read .shape": (
        "把 torch.randn(1, 16, 7, 7) 分别输入两个块，读出 .shape"
    ),
    "a height": "一个高度",
    (
        "that is with ceil_mode=True, which keeps the last, incomplete 2×2 window; without it the "
        "last row and column are dropped"
    ): (
        "这是 ceil_mode=True 时的结果，它会保留最后那个不完整的 2×2 窗口；不加它，最后一行和最后一"
        "列会被丢掉"
    ),
    (
        "average pooling with kernel 2 and stride 2 keeps one value per complete 2×2 window: try "
        "F.avg_pool2d(x, 2) on a 7×7 x"
    ): (
        "卷积核为 2、步幅为 2 的平均池化，每个完整的 2×2 窗口保留一个值：在 7×7 的 x 上试试 "
        "F.avg_pool2d(x, 2)"
    ),
    (
        "both shortcut blocks give the main path's shape for a 7×7 input, since the 3×3 "
        "convolution with padding 1 keeps the half-filled last window. Without ceil_mode the "
        "pooled shortcut would be one row and one column short, and x + F(x) would fail: "
        "ceil_mode=True makes the pooling count that window too."
    ): (
        "对 7×7 的输入，两种捷径块都得到主路径的形状，因为填充 1 的 3×3 卷积保留了最后那个只填了一"
        "半的窗口。不加 ceil_mode，池化后的捷径会少一行一列，x + F(x) 就会出错：ceil_mode=True 让池"
        "化把那个窗口也算上。"
    ),
    "a dict of depth → History: {example}": "一个由深度 → History 组成的 dict：{example}",
    "the keys should be the depths as numbers, 3, 5 and 10, not strings": (
        "键应当是数字形式的深度 3、5 和 10，而不是字符串"
    ),
    "'histories' should have the keys 3, 5 and 10, one run per depth; it has {keys}": (
        "'histories' 应当有键 3、5 和 10，每个深度一次运行；它的键是 {keys}"
    ),
    "a list of depths, such as [10], or []": "一个由深度组成的列表，例如 [10]，或者 []",
    "depths in 'stuck'": "'stuck' 中的深度",
    "'stuck' lists {depth}, a depth you did not train: 3, 5 or 10": (
        "'stuck' 列出了 {depth}，这是你没有训练过的深度：应为 3、5 或 10"
    ),
    (
        "your run with {depth} blocks learned: its training loss over the last 100 steps ended "
        "more than 0.1 below chance (ln 10)"
    ): (
        "你用 {depth} 个块的那次运行学到了东西：它最后 100 步的训练损失最终比随机猜测水平（ln 10）"
        "低了 0.1 以上"
    ),
    (
        "your run with {depth} blocks did not learn: its training loss over the last 100 steps "
        "stayed within 0.1 of chance (ln 10)"
    ): (
        "你用 {depth} 个块的那次运行什么也没学到：它最后 100 步的训练损失一直停在离随机猜测水平（"
        "ln 10）不到 0.1 的地方"
    ),
    "at depth {depth} the plain stack's first ÷ last is still above 1e-4": (
        "深度为 {depth} 时，普通堆叠的第一个 ÷ 最后一个仍然大于 1e-4"
    ),
    (
        "at depth {depth} first ÷ last is below 1e-4, but a shallower stack's already is: find the "
        "smallest such depth"
    ): (
        "深度为 {depth} 时，第一个 ÷ 最后一个低于 1e-4，但更浅的堆叠已经是这样了：找出满足条件的最"
        "小深度"
    ),
    (
        "'stuck' lists exactly the runs whose training loss stayed at chance, and first ÷ last "
        "falls below 1e-4 at the depth you gave (measured on 64 digits of the bundled sample; the "
        "notebook's digits give the same depth). A first block that learns ten thousand times "
        "slower than the last is not frozen: whether it stalls depends on how many steps the "
        "budget gives it."
    ): (
        "'stuck' 恰好列出了训练损失停在随机猜测水平的那些运行，而第一个 ÷ 最后一个在你给出的深度处"
        "降到了 1e-4 以下（在自带样本的 64 个数字上测得；笔记本里的数字给出同样的深度）。第一个块比"
        "最后一个块学得慢一万倍，并不等于被冻住：它会不会停滞，取决于预算给它多少步。"
    ),
}
