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
NB04: dict[str, str] = {
    # notebooks/04_live_mnist_training.ipynb
    "{cores}-core CPU": "{cores} 核 CPU",
    "Training on {device}: {machine}": "在 {device} 上训练：{machine}",
    "No GPU in this Colab session: Runtime → Change runtime type → T4 GPU, then Run all.": (
        "这个 Colab 会话没有 GPU：代码执行程序（Runtime）→ 更改运行时类型（Change runtime type）"
        "→ T4 GPU，然后全部运行（Run all）。"
    ),
    "No GPU in this Kaggle session: Settings → Accelerator → a GPU, then Run all.": (
        "这个 Kaggle 会话没有 GPU：Settings → Accelerator → 选一个 GPU，然后 Run all。"
    ),
    "MNIST ({source}): {train:,} training and {test:,} test images": (
        "MNIST（{source}）：{train:,} 张训练图像，{test:,} 张测试图像"
    ),
    "one item: a {kind} {shape} {dtype}, a label {label_kind}": (
        "一个样本：一个 {kind} {shape} {dtype}，一个 {label_kind} 类型的标签"
    ),
    "one batch: inputs {inputs}, target {target} {dtype}": (
        "一个批：inputs {inputs}，target {target} {dtype}"
    ),
    "the first 1,000 images equal load_mnist's tensors:": (
        "前 1,000 张图像与 load_mnist 的张量完全相同："
    ),
    "{seconds:.1f} s of training on {machine}": "在 {machine} 上训练了 {seconds:.1f} s",
    (
        "{name:<13} {params:>7,} parameters ({params_ratio:4.1f} x SimpleCNN)"
        "  {macs:>10,} MACs per image ({macs_ratio:4.1f} x SimpleCNN)"
    ): (
        "{name:<13} {params:>7,} 个参数（SimpleCNN 的 {params_ratio:4.1f} 倍）"
        "  每张图像 {macs:>10,} 次 MACs（SimpleCNN 的 {macs_ratio:4.1f} 倍）"
    ),
    "largest difference between the two networks' weights: {difference:.3g}": (
        "两个网络权重之间的最大差值：{difference:.3g}"
    ),
    "largest relative difference between the logged losses: {gap:.2g}": (
        "记录下来的损失之间的最大相对差值：{gap:.2g}"
    ),
    "test accuracy: lecture's loop {loop:.2%}, fit {fit:.2%}": (
        "测试准确率：课上的循环 {loop:.2%}，fit {fit:.2%}"
    ),
    "training time on {machine}: lecture's loop {loop:.1f} s, fit {fit:.1f} s": (
        "在 {machine} 上的训练时间：课上的循环 {loop:.1f} s，fit {fit:.1f} s"
    ),
    "lecture's loop": "课上的循环",
    "After {steps:,} steps the two networks hold identical weights, to the last bit": (
        "经过 {steps:,} 步之后，两个网络的权重完全相同，连最后一个比特都一样"
    ),
    (
        "After {steps:,} steps the two networks' weights differ by at most {difference:.1e}: "
        "the same steps, with the last bits rounded differently (on a GPU, `fit` lets cuDNN "
        "pick its fastest convolution algorithms, which add in another order)"
    ): (
        "经过 {steps:,} 步之后，两个网络的权重最多相差 {difference:.1e}：走的是同样的步子，"
        "只是最后几位的舍入不同（在 GPU 上，`fit` 让 cuDNN 挑选它最快的卷积算法，"
        "而这些算法的加法顺序不一样）"
    ),
    "faster": "更快",
    "slower": "更慢",
    "lie on top of each other": "完全重合",
    "follow each other closely": "紧紧地贴在一起",
    (
        "{same_weights}. The loss curves {overlap} (their logged values differ by at most "
        "{curve_gap:.1e} of their size; `fit` adds the losses up in float32 on the device), "
        "and the test accuracy is {loop_accuracy:.2%} one way and {fit_accuracy:.2%} the other. "
    ): (
        "{same_weights}。两条损失曲线{overlap}（记录下来的数值最多相差自身大小的 {curve_gap:.1e}；"
        "`fit` 在设备上用 float32 累加损失），测试准确率一边是 {loop_accuracy:.2%}，"
        "另一边是 {fit_accuracy:.2%}。"
    ),
    (
        "**`fit` is the lecture's loop.** On this machine ({machine}) the lecture's loop trained "
        "for {loop_seconds:.1f} s and `fit` for {fit_seconds:.1f} s (testing excluded on both "
        "sides): `fit` was {speedup:.1f}× {faster}, because no `DataLoader` turns PIL images "
        "into tensors at every step, and on a GPU no step waits for `loss.item()`. "
    ): (
        "**`fit` 就是课上的循环。** 在这台机器（{machine}）上，课上的循环训练了 "
        "{loop_seconds:.1f} s，`fit` 训练了 {fit_seconds:.1f} s（两边都不算测试的时间）："
        "`fit` 的速度是课上循环的 {speedup:.1f}×（{faster}），因为没有 `DataLoader` 在每一步"
        "把 PIL 图像转换成张量，而且在 GPU 上也没有哪一步要等 `loss.item()`。"
    ),
    (
        "Seconds vary from run to run on a shared machine; the ratio comes from this one run. "
        "Notebook 06, [How fast can it train?](06_how_fast_can_it_train.ipynb), takes the step "
        "apart and makes it much faster."
    ): (
        "在共享的机器上，秒数每次运行都不一样；这个比值只来自这一次运行。"
        "笔记本 06 [它能训练得多快？](06_how_fast_can_it_train.ipynb) 会把一步训练拆开来看，"
        "并让它快得多。"
    ),
    "one epoch of all three networks here ({machine}): about {seconds:.0f} s": (
        "在这里（{machine}）把三个网络各训练 1 轮：约 {seconds:.0f} s"
    ),
    "the lecture's {epochs} epochs, {seeds} seeds: about {minutes:.0f} min": (
        "课上的 {epochs} 轮，{seeds} 个随机种子：约 {minutes:.0f} 分钟"
    ),
    (
        "this run: {epochs} epochs per network and seed, about {minutes:.0f} min; "
        "set EPOCHS = {lecture_epochs} for the lecture's full run"
    ): (
        "本次运行：每个网络、每个种子训练 {epochs} 轮，约 {minutes:.0f} 分钟；"
        "设 EPOCHS = {lecture_epochs} 即可跑完课上的完整训练"
    ),
    (
        "this run: {epochs} epoch per network and seed, about {minutes:.0f} min; "
        "set EPOCHS = {lecture_epochs} for the lecture's full run"
    ): (
        "本次运行：每个网络、每个种子训练 {epochs} 轮，约 {minutes:.0f} 分钟；"
        "设 EPOCHS = {lecture_epochs} 即可跑完课上的完整训练"
    ),
    "{number} epoch": "{number} 轮",
    "{number} epochs": "{number} 轮",
    (
        "{name:<13} test accuracy {accuracy:.2%} after {epochs}, "
        "{seconds:.1f} s of training on {device}"
    ): "{name:<13} 训练 {epochs}后测试准确率 {accuracy:.2%}，在 {device} 上训练了 {seconds:.1f} s",
    (
        "so time grew much more slowly than arithmetic: the small network keeps the machine "
        "less busy (fewer, smaller operations per step, each with a fixed cost), so it does not "
        "run at the big network's rate of MACs per second"
    ): (
        "可见时间的增长远比运算量慢：小网络让机器闲着的时候更多（每一步的运算更少、更小，"
        "而每个运算都有一笔固定开销），所以它跑不到大网络那样的每秒 MACs"
    ),
    "so time grew even faster than arithmetic": "可见时间的增长比运算量还快",
    "so time grew about in proportion to arithmetic": "可见时间大致与运算量成比例地增长",
    "These are single runs of the lecture's {epochs} epochs": (
        "这些都是按课上的 {epochs} 轮训练的单次运行"
    ),
    (
        "These are single runs of {epochs}, not the lecture's {lecture_epochs}, so the lecture's "
        "column is only a rough guide"
    ): (
        "这些都是只训练 {epochs}（而不是课上的 {lecture_epochs} 轮）的单次运行，"
        "所以课程那一列只能作为粗略的参考"
    ),
    "yet it trained only {ratio:.1f}× slower on this machine ({machine}, by images per second)": (
        "但在这台机器（{machine}，按每秒处理的图像数计）上训练只慢了 {ratio:.1f}×"
    ),
    "and it trained {ratio:.1f}× slower on this machine ({machine}, by images per second)": (
        "在这台机器（{machine}，按每秒处理的图像数计）上训练也慢了 {ratio:.1f}×"
    ),
    (
        "{epochs_note}; the lecture's figures are single runs too, and section 5 shows how far "
        "one run can be from the next. "
    ): "{epochs_note}；课上的数字也都是单次运行的结果，第 5 节会告诉我们两次运行之间能差多远。",
    (
        "The Inception net has {params_ratio:.1f}× the parameters of the plain CNN and computes "
        "{macs_ratio:.1f}× its MACs per image, {only}, {pace}. "
        "Notebook 06 measures where the time goes."
    ): (
        "Inception 网络的参数量是普通 CNN 的 {params_ratio:.1f}×，每张图像的 MACs 是它的 "
        "{macs_ratio:.1f}×，{only}，{pace}。时间究竟花在了哪里，由笔记本 06 来测量。"
    ),
    "seed {seed}: ": "种子 {seed}：",
    (
        "Over {seeds} seeds of {epochs} each, the three means lie between {low:.2%} and "
        "{high:.2%}, and the standard deviation of one run is at most {std:.2%}."
    ): (
        "用 {seeds} 个随机种子、每次训练 {epochs}，三个均值落在 {low:.2%} 到 {high:.2%} 之间，"
        "单次运行的标准差最大为 {std:.2%}。"
    ),
    "; ": "；",
    "{better} above {worse} (by {gap:.2f} points)": (
        "{better} 高于 {worse}（高 {gap:.2f} 个百分点）"
    ),
    "These seeds tell apart: {pairs}.": "这些种子能区分开的有：{pairs}。",
    "{better} and {worse} (gap {gap:.2f} points)": "{better} 和 {worse}（相差 {gap:.2f} 个百分点）",
    (
        "They cannot rank: {pairs}. More seeds would shrink the standard errors by the square "
        "root of their number."
    ): "它们排不出高下的有：{pairs}。种子更多时，标准误会按种子数的平方根缩小。",
    (
        "The best network in this notebook is the one with the highest mean, **{best}**, "
        "clearly ahead of both others."
    ): "本笔记本中最好的网络是均值最高的 **{best}**，它明显领先于另外两个。",
    (
        "The best network in this notebook is the one with the highest mean, **{best}**, "
        "but not clearly ahead of every other network."
    ): "本笔记本中最好的网络是均值最高的 **{best}**，但它并没有明显领先于其他每一个网络。",
    "(Quick mode: a small sample and one short epoch; these numbers mean little.)": (
        "（快速模式：一个小样本，一轮很短的训练；这些数字说明不了什么。）"
    ),
    "{best} (seed 0) misclassifies {wrong} of {total:,} test digits.": (
        "{best}（种子 0）在 {total:,} 张测试数字中分错了 {wrong} 张。"
    ),
    "Most frequent mistakes (true → predicted: count):": "最常见的错误（真实 → 预测：次数）：",
    "{common} of them are misclassified by every one of the {runs} runs of {best}.": (
        "其中有 {common} 张，{best} 的全部 {runs} 次运行都分错了。"
    ),
    "{best}, seed 0: misclassified test digits (true → predicted)": (
        "{best}，种子 0：分错的测试数字（真实 → 预测）"
    ),
    "identical weights": "完全相同的权重",
    "weights within {difference:.1e}": "相差不超过 {difference:.1e} 的权重",
    "no gain in accuracy over the plain CNN that these seeds can see": (
        "它多出来的运算并没有换来这些种子看得出的准确率提升（相对普通 CNN 而言）"
    ),
    "a gain these seeds can see, {gap:.2f} points over the plain CNN": (
        "它多出来的运算换来了这些种子看得出的提升：比普通 CNN 高 {gap:.2f} 个百分点"
    ),
    "nothing: the plain CNN is ahead of it by {gap:.2f} points": (
        "它多出来的运算什么也没换来：普通 CNN 反而领先它 {gap:.2f} 个百分点"
    ),
    (
        "- **The lecture's loop and `fit` take the same steps** (section 2): from the same "
        "weights and batch order they end with {same_end}; `fit` was {speedup:.1f}× "
        "{faster} here ({machine}), because its data stay on the device as tensors."
    ): (
        "- **课上的循环和 `fit` 走的是同样的步子**（第 2 节）：从同样的权重和同样的批顺序出发，"
        "两者最终得到{same_end}；在这里（{machine}），`fit` 的速度是课上循环的 {speedup:.1f}×"
        "（{faster}），因为它的数据以张量的形式一直留在设备上。"
    ),
    (
        "- **Accuracy.** After {epochs} of the lecture's recipe the means over {seeds} "
        "seeds are {means} (± one standard deviation of a single run). The pairs these "
        "seeds can and cannot rank are listed in section 5; the highest mean is {best}'s."
    ): (
        "- **准确率。** 按课上的训练方案训练 {epochs}之后，{seeds} 个种子上的均值分别为 {means}"
        "（± 后面是单次运行的一个标准差）。这些种子能排出和排不出高下的网络对，列在第 5 节；"
        "均值最高的是 {best}。"
    ),
    (
        "- **Cost.** The Inception net has the most parameters and the most MACs per "
        "image, {macs_ratio:.1f}× the plain CNN's MACs, and trained {time_ratio:.1f}× "
        "slower here. On MNIST its extra arithmetic buys {gain}."
    ): (
        "- **代价。** Inception 网络的参数最多，每张图像的 MACs 也最多，是普通 CNN 的 "
        "{macs_ratio:.1f}×，在这里训练也慢了 {time_ratio:.1f}×。在 MNIST 上，{gain}。"
    ),
    (
        "- GoogLeNet and ResNet were designed for ImageNet (a thousand classes of large "
        "photographs), where width and depth pay off; MNIST leaves them little room."
    ): (
        "- GoogLeNet 和 ResNet 是为 ImageNet（一千个类别的大尺寸照片）设计的，在那里宽度和深度"
        "都能带来回报；MNIST 留给它们的余地很小。"
    ),
    # notebooks/solutions/04_solutions.ipynb
    "{sampler:<13} largest weight difference from fit after 2 epochs: {difference:.3g}": (
        "{sampler:<13} 训练 2 轮后与 fit 的最大权重差值：{difference:.3g}"
    ),
    "{name:<13} misclassifies {count:>4} of {total:,} test digits": (
        "{name:<13} 在 {total:,} 张测试数字中分错了 {count:>4} 张"
    ),
    "all three get {common} wrong; at least one gets {union}": (
        "三个网络都分错的有 {common} 张；至少一个网络分错的有 {union} 张"
    ),
    "closest pair: {better} and {worse}, {gap:.2f} points apart": (
        "最接近的一对：{better} 和 {worse}，相差 {gap:.2f} 个百分点"
    ),
    "seeds needed for a gap of two standard errors: {seeds}": (
        "要让差距达到两个标准误所需的种子数：{seeds}"
    ),
    "equal means: no number of seeds separates them": "均值相同：多少个种子都区分不开它们",
    "Moved {pixels} pixels, **{steadiest}** keeps the largest share of its own accuracy. ": (
        "移动 {pixels} 个像素后，**{steadiest}** 保住了自身准确率中最大的一部分。"
    ),
    (
        "The gap between the best and the worst network is {before:.1f} points on the "
        "digits as they are and {after:.1f} points on the shifted ones: the harder task "
        "widens it here. "
    ): (
        "最好和最差的网络之间的差距，在原样的数字上是 {before:.1f} 个百分点，在移动过的数字上是 "
        "{after:.1f} 个百分点：在这里，更难的任务拉大了差距。"
    ),
    (
        "The gap between the best and the worst network is {before:.1f} points on the "
        "digits as they are and {after:.1f} points on the shifted ones: the harder task "
        "does not widen it here. "
    ): (
        "最好和最差的网络之间的差距，在原样的数字上是 {before:.1f} 个百分点，在移动过的数字上是 "
        "{after:.1f} 个百分点：在这里，更难的任务并没有拉大差距。"
    ),
    "Training on shifted digits (data augmentation) is what teaches a network to expect them.": (
        "要让网络学会应付移动过的数字，就得用移动过的数字来训练它（数据增强，data augmentation）。"
    ),
    "{name:<13} reached {target:.1%} after {seconds:.1f} s of training": (
        "{name:<13} 训练 {seconds:.1f} s 后达到 {target:.1%}"
    ),
}

NB05: dict[str, str] = {
    # notebooks/05_identity_mappings_and_densenet.ipynb
    "unit (e) == x + conv2(relu(bn2(conv1(relu(bn1(x)))))):": (
        "单元 (e) == x + conv2(relu(bn2(conv1(relu(bn1(x)))))):"
    ),
    "{label:<30} {params:,} parameters with 16 channels": (
        "{label:<30} 16 个通道时有 {params:,} 个参数"
    ),
    "{count} networks trained in {seconds:.0f} s on this machine": (
        "{count} 个网络在本机上训练用时 {seconds:.0f} s"
    ),
    "{name:<13} {depth} blocks: final training loss {loss:.3f}, test accuracy {accuracy:.1%}": (
        "{name:<13} {depth} 个块：最终训练损失 {loss:.3f}，测试准确率 {accuracy:.1%}"
    ),
    "residual (a)": "残差 (a)",
    "plain, {depth} blocks": "普通，{depth} 个块",
    "residual, {depth} blocks": "残差，{depth} 个块",
    (
        "**Degradation shows at this budget.** The deeper plain stacks end with a *higher* "
        "training loss than the 2-block one (2 blocks: {two:.3f}, 4 blocks: {four:.3f}, "
        "8 blocks: {eight:.3f}); the smallest depth here where it shows is {depth} blocks "
        "({convolutions} convolutions). The 8-block stack with shortcuts, the same layers plus "
        "`+ x`, ends at {residual:.3f}."
    ): (
        "**在这个预算下出现了退化。** 更深的普通堆叠最终的训练损失反而*更高*，高于 2 个块的"
        "（2 个块：{two:.3f}，4 个块：{four:.3f}，8 个块：{eight:.3f}）；这里出现退化的最小深度是 "
        "{depth} 个块（{convolutions} 个卷积层）。带捷径连接的 8 块堆叠，也就是同样的层再加上 "
        "`+ x`，最终的训练损失是 {residual:.3f}。"
    ),
    (
        "**Degradation does not show at this budget:** the deeper plain stacks reach a training "
        "loss no higher than the 2-block one (2 blocks: {two:.3f}, 4 blocks: {four:.3f}, "
        "8 blocks: {eight:.3f}). For the effect at a real budget, see Fig. 1 of He et al. "
        "(CVPR 2016)."
    ): (
        "**在这个预算下没有出现退化：** 更深的普通堆叠的训练损失并不比 2 个块的高"
        "（2 个块：{two:.3f}，4 个块：{four:.3f}，8 个块：{eight:.3f}）。退化在真实训练预算下的"
        "样子，见 He 等人（CVPR 2016）的图 1。"
    ),
    "{label:<30} every block receives dL/dx_L unchanged: {same}": (
        "{label:<30} 每个块都原样收到 dL/dx_L：{same}"
    ),
    "{depth} blocks with batch norm, at initialisation": "{depth} 个带批归一化的块，初始化时",
    "weights: first / last": "权重：第一个 / 最后一个",
    (
        "With batch norm nothing vanishes any more. The plain stack's problem is now the "
        "opposite: the gradient *grows* on its way down, {plain:.3g} times larger at the "
        "first block's input than at the top (BN divides by each layer's spread, and at "
        "initialisation those factors compound). Every residual stack keeps the ratio "
        "between {low:.3g} and {high:.3g}: the identity term holds the scale, and what the "
        "branches add on the way down grows only slowly."
    ): (
        "有了批归一化，梯度不再消失。普通堆叠的问题反了过来：梯度在向下传的路上*变大*，第一个块"
        "输入处的梯度是顶端的 {plain:.3g} 倍（BN 要除以每一层的离散程度，初始化时这些因子会层层"
        "相乘）。每个残差堆叠都把这个比值保持在 {low:.3g} 到 {high:.3g} 之间：恒等项稳住了尺度，"
        "各分支在向下传的路上添上的部分只是缓慢增长。"
    ),
    "{count} runs in {seconds:.0f} s on this machine": (
        "{count} 次训练，在本机上用时 {seconds:.0f} s"
    ),
    "test accuracy": "测试准确率",
    "final training loss": "最终训练损失",
    (
        "Means over {seeds} seeds, ± the sample standard deviation of one run. The best mean is "
        "{best} ({best_mean:.2%}), the worst {worst} ({worst_mean:.2%}): a gap of {gap:.2%} "
        "against a largest standard deviation of {spread:.2%}. "
    ): (
        "{seeds} 个随机种子的均值，± 后是单次训练的样本标准差。均值最好的是 {best}"
        "（{best_mean:.2%}），最差的是 {worst}（{worst_mean:.2%}）：两者相差 {gap:.2%}，"
        "而最大的标准差是 {spread:.2%}。"
    ),
    (
        "The gap is more than twice the spread, so at this budget these seeds do separate the "
        "best unit from the worst; the ones in between are not ranked."
    ): (
        "差距超过离散程度的两倍，所以在这个预算下，这些种子确实能把最好的单元和最差的单元区分开；"
        "夹在中间的几个则排不出名次。"
    ),
    (
        "The gap is not more than twice the spread, so these seeds cannot rank the units: on "
        "MNIST at this budget they are indistinguishable, and the paper's ranking (Table 2) "
        "needs its deeper networks, a harder dataset and many more epochs."
    ): (
        "差距不超过离散程度的两倍，所以这些种子无法给这些单元排名：在 MNIST 上、在这个预算下，"
        "它们没有区别；论文里的排名（表 2）需要更深的网络、更难的数据集和多得多的训练轮数。"
    ),
    "Quick mode trains one seed: no spread, so no ranking. Run in full mode.": (
        "快速模式只训练一个随机种子：没有离散程度，也就无从排名。请在完整模式下运行。"
    ),
    (
        "{name:<16} reads {read:>4} channels, writes {written:>3}, {total:>4} channels after "
        "it, {size}x{size}"
    ): (
        "{name:<16} 读入 {read:>4} 个通道，写出 {written:>3} 个，之后共 {total:>4} 个通道，{size"
        "}x{size}"
    ),
    "same outputs in eval mode:": "eval 模式下输出相同：",
    "channels out:": "输出通道数：",
    "{name:<16} {params:>8,} parameters {macs:>12,} MACs": (
        "{name:<16} {params:>8,} 个参数 {macs:>12,} MACs"
    ),
    "total": "合计",
    "one dense block, k0 = 24, k = 12, 14x14, batch of 64:": (
        "一个稠密块，k0 = 24，k = 12，14x14，批大小 64："
    ),
    "{name:<20} {params:>8,} parameters {megabytes:>7.1f} MB": (
        "{name:<20} {params:>8,} 个参数 {megabytes:>7.1f} MB"
    ),
    "{layers} layer(s): {megabytes:6.1f} MB": "{layers} 层：{megabytes:6.1f} MB",
    "{count} runs in {seconds:.0f} s": "{count} 次训练，用时 {seconds:.0f} s",
    "seconds": "秒",
    (
        "Means over {seeds} seeds, ± the sample standard deviation of one run. Highest mean: "
        "{first} ({first_mean:.2%}), then {second} ({second_mean:.2%}), a gap of {gap:.2%} "
        "against a largest standard deviation of {spread:.2%}; lowest: {last} ({last_mean:.2%}). "
    ): (
        "{seeds} 个随机种子的均值，± 后是单次训练的样本标准差。均值最高的是 {first}"
        "（{first_mean:.2%}），其次是 {second}（{second_mean:.2%}），相差 {gap:.2%}，而最大的"
        "标准差是 {spread:.2%}；最低的是 {last}（{last_mean:.2%}）。"
    ),
    "The top two are within twice the spread, so these seeds do not separate them. ": (
        "前两名的差距在离散程度的两倍以内，所以这些种子分不出它们的高下。"
    ),
    "The top network is ahead by more than twice the spread at this budget. ": (
        "在这个预算下，第一名领先的幅度超过离散程度的两倍。"
    ),
    "The cheapest to train here was {name}.": "在这里训练开销最小的是 {name}。",
    (
        " DenseNet-BC has {params_ratio:.1f}× ResidualNet's parameters and {macs_ratio:.1f}× "
        "its MACs, and took {time_ratio:.1f}× its training time."
    ): (
        "DenseNet-BC 的参数量是 ResidualNet 的 {params_ratio:.1f}×，MACs 是它的 {macs_ratio:.1f}×，"
        "训练时间则是它的 {time_ratio:.1f}×。"
    ),
}
NB06: dict[str, str] = {
    # notebooks/06_how_fast_can_it_train.ipynb
    "a {threads}-thread CPU": "{threads} 线程 CPU",
    "Training on {device} ({machine})": "在 {device} 上训练（{machine}）",
    "batch {batch:>3}: {steps:>4} steps per epoch of 60,000 images, lr {lr:g}": (
        "批大小 {batch:>3}：60,000 张图像的一轮有 {steps:>4} 步，学习率 {lr:g}"
    ),
    "{name:<13} gradient norm at initialisation: {norm:.2f}": (
        "{name:<13} 初始化时的梯度范数：{norm:.2f}"
    ),
    "constant, lr {lr:g}": "恒定，学习率 {lr:g}",
    "one-cycle, peak {lr:g}": "单周期，峰值 {lr:g}",
    "{steps} steps; peak {peak:g} at step {peak_step}; last step {last:.2e}": (
        "共 {steps} 步；第 {peak_step} 步达到峰值 {peak:g}；最后一步 {last:.2e}"
    ),
    "fast, at its peak": "fast，峰值处",
    "{name:<18} lr {lr:<5g} momentum {momentum:<4g} -> step {effective:g} x gradient": (
        "{name:<18} 学习率 {lr:<5g} 动量 {momentum:<4g} -> 每步 {effective:g} x 梯度"
    ),
    (
        "label smoothing {smoothing}: target {true:.3f} for the true class, {other:.3f} for each"
        " other"
    ): ("标签平滑 {smoothing}：真实类别的目标是 {true:.3f}，其他每个类别是 {other:.3f}"),
    "loss floor (entropy of the target): {floor:.4f}": "损失的下限（目标分布的熵）：{floor:.4f}",
    "F.cross_entropy of the target itself:  {loss:.4f}": (
        "目标分布自身的 F.cross_entropy：{loss:.4f}"
    ),
    "seed {seed}  {label:<34} {shown:>8}  {seconds:6.1f} s": (
        "种子 {seed}  {label:<34} {shown:>8}  {seconds:6.1f} s"
    ),
    "fast recipe without the clip": "fast 训练方案去掉梯度裁剪",
    "diverged": "发散",
    "Quick mode: one seed on 2,000 images; the accuracies below say nothing about the recipes.": (
        "快速模式：在 2,000 张图像上只用一个随机种子；下面的准确率说明不了这些训练方案的好坏。"
    ),
    "- **{label}**: {diverged} of {seeds} seeds diverged.": (
        "- **{label}**：{seeds} 个种子中有 {diverged} 个发散。"
    ),
    "- **{label}**: {change:+.2f} points (one seed: no spread to judge by).": (
        "- **{label}**：{change:+.2f} 个百分点（只有一个种子：没有离散程度可作判断依据）。"
    ),
    "suggestive only: so few seeds estimate the spread poorly": (
        "只能算提示：种子这么少，离散程度估计得很粗"
    ),
    "a real change": "是真实的变化",
    (
        "- **{label}**: {change:+.2f} points, more than twice the larger standard "
        "deviation ({noise:.2f} points); {sure}."
    ): (
        "- **{label}**：{change:+.2f} 个百分点，超过两行中较大标准差（{noise:.2f} 个百分点）的两"
        "倍；{sure}。"
    ),
    (
        "- **{label}**: {change:+.2f} points, within twice the larger standard "
        "deviation ({noise:.2f} points): these seeds cannot tell it from noise."
    ): (
        "- **{label}**：{change:+.2f} 个百分点，在两行中较大标准差（{noise:.2f} 个百分点）的两倍"
        "以内：这些种子无法把它和噪声区分开。"
    ),
    (
        "- **Without the clip**, {diverged} of {seeds} seeds diverged (loss NaN or "
        "infinite) and {collapsed} collapsed: a final accuracy of {lowest:.2%}, no better "
        "than answering the most common digit for every image ({share:.2%} of the test "
        "set). A few too-large steps early in training killed the network's ReLUs; the "
        "loss stayed finite, so nothing stopped the run. The clip prevents those steps."
    ): (
        "- **去掉梯度裁剪**后，{seeds} 个种子中有 {diverged} 个发散（损失为 NaN 或无穷大），"
        "{collapsed} 个崩溃：最终准确率只有 {lowest:.2%}，不比对每张图像都回答最常见的数字"
        "（占测试集的 {share:.2%}）更好。训练初期几步过大的更新让网络的 ReLU 全部“死”掉了；"
        "损失一直是有限值，所以没有任何东西叫停这次训练。梯度裁剪能防止这样的更新。"
    ),
    (
        "- **Without the clip**, no seed diverged or collapsed here: {without:.2%} against "
        "{with_clip:.2%} with it. The clip is insurance; exercise 2 shows how often the "
        "Inception net needs it."
    ): (
        "- **去掉梯度裁剪**后，这里没有哪个种子发散或崩溃：{without:.2%}，有裁剪时是 "
        "{with_clip:.2%}。梯度裁剪是一份保险；练习 2 会告诉你 Inception 网络多常需要它。"
    ),
    (
        "From the lecture's recipe to the fast one, the same one-epoch budget went from "
        "{first:.2%} to {last:.2%} mean test accuracy, and from {first_seconds:.1f} s to "
        "{last_seconds:.1f} s of training per run on {machine}. The ablation took "
        "{minutes:.1f} minutes. Standard deviations are sample standard deviations over "
        "{seeds} seed(s), not standard errors."
    ): (
        "从课上的训练方案到 fast 训练方案，同样一轮的预算下，平均测试准确率从 {first:.2%} 升到 "
        "{last:.2%}，在 {machine} 上每次训练的时间从 {first_seconds:.1f} s 变为 "
        "{last_seconds:.1f} s。整个消融实验用了 {minutes:.1f} 分钟。标准差是 {seeds} 个种子的"
        "样本标准差，不是标准误。"
    ),
    "lecture's DataLoader": "课上的 DataLoader",
    "indexing one tensor": "直接索引一个张量",
    "Skipped: this comparison needs the full MNIST files (load_mnist found only the sample).": (
        "已跳过：这个比较需要完整的 MNIST 文件（load_mnist 只找到了样本）。"
    ),
    "images fetched per second (log scale)": "每秒取到的图像数（对数刻度）",
    "{name:<21} {rate:>12,.0f} images/s  ({per_epoch:.3f} s per epoch)": (
        "{name:<21} {rate:>12,.0f} 张图像/s  （每轮 {per_epoch:.3f} s）"
    ),
    (
        "On {machine}, the DataLoader delivers {rate:,.0f} images per second: a network "
        "that trains faster than that waits for its data. Indexing one tensor is "
        "{ratio:,.0f} times faster. (For data that does not fit in memory, `num_workers` "
        "and `pin_memory` spread the decoding over several processes.)"
    ): (
        "在 {machine} 上，DataLoader 每秒送来 {rate:,.0f} 张图像：训练比这更快的网络只能等数据。"
        "直接索引一个张量要快 {ratio:,.0f} 倍。（内存放不下的数据，可以用 `num_workers` 和 "
        "`pin_memory` 把解码分摊到多个进程。）"
    ),
    "loss read every step": "每步读取一次损失",
    "loss read every 50 steps": "每 50 步读取一次损失",
    "training images / s, ResidualNet, batch 64": "每秒训练的图像数，ResidualNet，批大小 64",
    (
        "Reading the loss every 50 steps instead of every step: **{ratio:.2f}×** the images "
        "per second on {machine} (median of {rounds} round(s) of {images:,} images)."
    ): (
        "每 50 步而不是每步读取一次损失：在 {machine} 上每秒训练的图像数是原来的 **{ratio:.2f}×**"
        "（{rounds} 轮、每轮 {images:,} 张图像的中位数）。"
    ),
    "training images / s, batch {batch}": "每秒训练的图像数，批大小 {batch}",
    (
        "Channels-last against contiguous on {device}: **{residual:.2f}×** for ResidualNet and "
        "**{inception:.2f}×** for InceptionNet (median of {rounds} round(s))."
    ): (
        "在 {device} 上，channels-last 相对 contiguous：ResidualNet 为 **{residual:.2f}×**，"
        "InceptionNet 为 **{inception:.2f}×**（{rounds} 轮的中位数）。"
    ),
    (
        "On {machine}, the CUDA graph trains **{residual:.1f}×** as many images per second "
        "as the plain loop for ResidualNet and **{inception:.1f}×** for InceptionNet "
        "(median of 3 one-epoch rounds)."
    ): (
        "在 {machine} 上，CUDA 图每秒训练的图像数是普通循环的：ResidualNet **{residual:.1f}×"
        "**，"
        "InceptionNet **{inception:.1f}×**（3 轮、每轮一个 epoch 的中位数）。"
    ),
    "{name:<10} {variant:<11} {best:>10,.0f} images/s (best of 3 epochs)": (
        "{name:<10} {variant:<11} {best:>10,.0f} 张图像/s（3 轮中最好的一轮）"
    ),
    "No GPU here ({device}): the figures above are from benchmarks/RESULTS.md, not measured now.": (
        "这里没有 GPU（{device}）：上面的数字来自 benchmarks/RESULTS.md，不是现在测的。"
    ),
    "matrix multiply, {size} x {size}, float32 on {device}: {gflops:,.1f} GFLOP/s": (
        "矩阵乘法，{size} x {size}，float32，在 {device} 上：{gflops:,.1f} GFLOP/s"
    ),
    (
        "{name:<13} {mflop:6.1f} MFLOP per training image; ceiling {limit:8,.0f} images/s, "
        "fit reached {measured:7,.0f} ({fraction:.0%})"
    ): (
        "{name:<13} 每张训练图像 {mflop:6.1f} MFLOP；上限 {limit:8,.0f} 张图像/s，"
        "fit 达到 {measured:7,.0f}（{fraction:.0%}）"
    ),
    (
        "`fit` runs at **{residual:.0%}** (ResidualNet) and **{inception:.0%}** (InceptionNet) "
        "of the matrix-multiply ceiling on {machine}. The rest goes to operations that are not "
        "large matrix products (ReLU, pooling, concatenation, the optimiser's update, copying "
        "between layouts), to convolutions on small images, whose matrices are too thin to "
        "reach the peak, and on a GPU to launching kernels."
    ): (
        "在 {machine} 上，`fit` 的速度是矩阵乘法上限的 **{residual:.0%}**（ResidualNet）和 "
        "**{inception:.0%}**（InceptionNet）。其余的时间花在不是大矩阵乘法的运算上（ReLU、池化、"
        "拼接、优化器的更新、不同内存布局之间的复制），花在小图像上的卷积上（它们的矩阵太“瘦”，"
        "达不到峰值），在 GPU 上还花在启动核函数上。"
    ),
}

NOTEBOOKS: dict[str, str] = {**NB01, **NB02, **NB03, **NB04, **NB05, **NB06}
