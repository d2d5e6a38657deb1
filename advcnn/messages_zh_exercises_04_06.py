"""The Chinese catalogue of the feedback of notebooks 04–06's exercise checks. Merged into
``advcnn.messages_zh.ZH``.

Code a learner types (``torch.randperm(...)``, ``epochs=1``), option strings and names of
classes, functions and fields stay as they are in the English messages.
"""

from __future__ import annotations

__all__ = ["EXERCISES_LATE"]

EXERCISES_LATE: dict[str, str] = {
    # advcnn.exercises.nb04_data: 04.2 the sampler, 04.3 the shared mistakes, 04.5 shifted digits
    "iterating your sampler": "遍历你的采样器",
    "your sampler should yield whole-number indices: {error}.": (
        "你的采样器应当产生整数下标：{error}。"
    ),
    (
        "one epoch of your sampler has {indices:,} indices for a data_source of {count}: draw "
        "len(data_source) of them, not the length of a dataset of the notebook."
    ): (
        "对于长度为 {count} 的 data_source，你的采样器一轮给出了 {indices:,} 个下标：应当抽取 "
        "len(data_source) 个，而不是笔记本里某个数据集的长度。"
    ),
    "an epoch should visit every index once: yours repeats or skips some.": (
        "一轮应当把每个下标恰好访问一次：你的采样器重复或漏掉了一些下标。"
    ),
    "your sampler does not shuffle: it visits 0, 1, 2, … in order.": (
        "你的采样器没有打乱顺序：它按 0, 1, 2, … 的顺序访问。"
    ),
    (
        "the first epoch is not fit's order: draw from the generator passed to __init__ "
        "(torch.randperm(..., generator=self.generator)), not from the global one or a generator "
        "of your own."
    ): (
        "第一轮的顺序和 fit 的不同：应当从传给 __init__ 的生成器中抽取（torch.randperm(..., "
        "generator=self.generator)），而不是用全局生成器或你自己新建的生成器。"
    ),
    (
        "the first epoch is not fit's order: draw one torch.randperm(len(data_source), "
        "generator=self.generator) per epoch, as fit does."
    ): (
        "第一轮的顺序和 fit 的不同：像 fit 那样，每轮抽取一次 torch.randperm(len(data_source), "
        "generator=self.generator)。"
    ),
    (
        "the second epoch repeats the first: draw a new permutation in every __iter__ call (do not "
        "reseed the generator, nor draw once in __init__)."
    ): (
        "第二轮重复了第一轮的顺序：每次调用 __iter__ 都要抽取一个新的排列（不要重新设置生成器的种"
        "子，也不要只在 __init__ 里抽取一次）。"
    ),
    (
        "the first epoch matches fit, the second does not: your sampler draws two permutations per "
        "epoch, as RandomSampler does; draw one."
    ): (
        "第一轮和 fit 一致，第二轮却不一致：你的采样器像 RandomSampler 那样每轮抽取两个排列；只应"
        "抽取一个。"
    ),
    (
        "the first epoch matches fit, the second does not: draw exactly one torch.randperm per "
        "__iter__ call, from the same generator."
    ): (
        "第一轮和 fit 一致，第二轮却不一致：每次调用 __iter__ 只从同一个生成器抽取一次 "
        "torch.randperm。"
    ),
    (
        "two epochs of your sampler visit the images in the order fit visits them, for two seeds "
        "and dataset sizes: in a DataLoader it makes the lecture's loop take fit's steps."
    ): (
        "在两组种子和数据集大小下，你的采样器两轮访问图像的顺序都和 fit 完全相同：放进 DataLoader "
        "后，课上的训练循环就会走出和 fit 一模一样的每一步。"
    ),
    "'models' should hold all the networks compared, not a single one.": (
        "'models' 应当包含参与比较的全部网络，而不是单独一个。"
    ),
    "network {index}": "网络 {index}",
    "expected for 'models' a dict of name → trained network, got {kind}.": (
        "'models' 应当是一个「名字 → 训练好的网络」的 dict，你给的是 {kind}。"
    ),
    "each entry of 'models' should be one trained network (trained[{name!r}]), got {kind}.": (
        "'models' 的每一项都应当是一个训练好的网络（trained[{name!r}]），你给的是 {kind}。"
    ),
    "'models' should hold the three networks, to intersect their mistakes.": (
        "'models' 应当包含那三个网络，才能求它们错误的交集。"
    ),
    (
        "'common' is one network's find_misclassified result: intersect the sets of indices of all "
        "the networks."
    ): ("'common' 是单个网络的 find_misclassified 结果：请求出所有网络的下标集合的交集。"),
    "'common' should be the set of test-set indices itself, not how many there are.": (
        "'common' 应当是测试集下标的集合本身，而不是下标的个数。"
    ),
    "expected for 'common' a set of test-set indices, got {kind}.": (
        "'common' 应当是测试集下标的集合，你给的是 {kind}。"
    ),
    "'common' should hold whole-number indices into the test set.": (
        "'common' 里应当是测试集的整数下标。"
    ),
    "test_images as a tensor": "张量形式的 test_images",
    "test_labels as a tensor": "张量形式的 test_labels",
    "{images:,} test images but {labels:,} labels: pass both whole.": (
        "有 {images:,} 张测试图像，却有 {labels:,} 个标签：请把两者完整地传进来。"
    ),
    "some indices lie outside the test set, whose indices run 0…{last}.": (
        "有些下标超出了测试集的范围，测试集的下标是 0…{last}。"
    ),
    (
        "exactly the test digits that all {count} networks misclassify. Compare its size with each "
        "network's own count: are most mistakes shared, or each network's own?"
    ): (
        "正好是 {count} 个网络都分错的那些测试数字。把它的大小和每个网络自己的错误数比一比：大多数"
        "错误是共有的，还是各个网络各错各的？"
    ),
    (
        "some of your indices are digits that every network classifies correctly: use "
        "find_misclassified(...).indices (positions in the test set), not positions in the list of "
        "mistakes."
    ): (
        "你的下标里有些数字是每个网络都分对了的：要用 find_misclassified(...).indices（在测试集中"
        "的位置），而不是在错误列表中的位置。"
    ),
    (
        "every digit of your set is misclassified by the other networks, but {name} gets some "
        "right: intersect {name}'s set as well."
    ): (
        "你的集合里每个数字都被其他网络分错了，但 {name} 分对了其中一些：把 {name} 的集合也交进来。"
    ),
    (
        "some of your digits are classified correctly by at least one of the networks: keep only "
        "the digits in every network's set (the intersection, &, not the union, |)."
    ): (
        "你的数字里有些至少被一个网络分对了：只保留每个网络的集合里都有的数字（取交集 &，而不是并"
        "集 |）。"
    ),
    (
        "some digits that every network misclassifies are missing from your set: intersect exactly "
        "these networks' sets, over the whole test set (not the first digits shown, nor the runs "
        "of other seeds)."
    ): (
        "有些每个网络都分错的数字不在你的集合里：请在整个测试集上，对正好这几个网络的集合求交集（"
        "不是只看展示出来的前几个数字，也不是用其他种子的运行）。"
    ),
    "for dx={dx}, dy={dy}": "dx={dx}、dy={dy} 时",
    (
        "{where}: {error}. Look at the slices for a shift of 0 (x[..., :-0] is empty) or of a "
        "whole image."
    ): ("{where}：{error}。检查一下平移量为 0（x[..., :-0] 是空的）或为整幅图像时的切片。"),
    (
        "{where}: your function changes the images passed to it; return a new tensor (start from "
        "images.clone() or torch.full_like)."
    ): (
        "{where}：你的函数修改了传进来的图像；请返回一个新的张量（从 images.clone() 或 "
        "torch.full_like 开始）。"
    ),
    "{where}: expected a tensor of images, got {kind}.": (
        "{where}：应当返回图像张量，你返回的是 {kind}。"
    ),
    (
        "{where}: the result has shape {got}, the images {shape}; crop back to 28 x 28 after "
        "padding."
    ): ("{where}：结果的形状是 {got}，而图像的形状是 {shape}；填充之后要裁剪回 28 x 28。"),
    (
        "what leaves one side comes back on the other: torch.roll wraps around; fill with blank "
        "pixels instead"
    ): ("从一边移出去的像素又从另一边绕回来了：torch.roll 会绕回；应当改用空白像素填充"),
    (
        "the new pixels are 0, but after normalising a blank pixel is not 0: it is what Normalize "
        "makes of a 0 pixel"
    ): ("移进来的像素是 0，但归一化之后空白像素并不是 0：它是 Normalize 对值为 0 的像素给出的结果"),
    (
        "moved dx down and dy right: dx moves along the width (the last dimension), dy along the "
        "height"
    ): ("把 dx 当成向下、把 dy 当成向右移动了：dx 沿宽度（最后一个维度）移动，dy 沿高度移动"),
    "moved the wrong way: a positive dx moves right, a positive dy moves down": (
        "移动方向反了：正的 dx 向右移，正的 dy 向下移"
    ),
    "{where}: {message}.": "{where}：{message}。",
    (
        "{where} the result is wrong, though nonzero shifts were right: look at the slices for a "
        "shift of 0 (x[..., :-0] is empty) or of a whole image."
    ): (
        "{where}，结果不对，虽然非零的平移都对了：检查一下平移量为 0（x[..., :-0] 是空的）或为整幅"
        "图像时的切片。"
    ),
    "{where} the result is wrong: compare it with the images, pixel by pixel.": (
        "{where}，结果不对：把它和原图像逐个像素比较一下。"
    ),
    (
        "nothing wraps around and the pixels that move in are blank, on all {count} shifts tried, "
        "negative and zero ones included."
    ): (
        "在试过的全部 {count} 种平移上（包括负的和为零的），都没有像素绕回，移进来的像素也都是空白"
        "的。"
    ),
    # advcnn.exercises.nb04_runs: 04.1 the full run, 04.4 how many seeds, 04.6 time to accuracy
    "for 'histories' a dict of network name → History (section 4's histories)": (
        "一个「网络名 → History」的 dict 作为 'histories'（第 4 节的 histories）"
    ),
    "histories[{name!r}] should be the History that fit returned, got {kind}.": (
        "histories[{name!r}] 应当是 fit 返回的 History，你给的是 {kind}。"
    ),
    "the run of {name} was interrupted: train it to the end.": (
        "{name} 的训练被中断了：请把它训练完。"
    ),
    (
        "the history of {name} has {records} epoch(s), the lecture's recipe trains {epochs}: set "
        "EPOCHS = {epochs} in section 4, then run sections 4 and 5 again."
    ): (
        "{name} 的 history 有 {records} 轮，而课上的训练方案要训练 {epochs} 轮：在第 4 节设置 "
        "EPOCHS = {epochs}，然后重新运行第 4 节和第 5 节。"
    ),
    "for 'accuracies' a dict of network name → list of accuracies (section 5)": (
        "一个「网络名 → 准确率列表」的 dict 作为 'accuracies'（第 5 节）"
    ),
    (
        "'accuracies' and 'histories' should name the same networks: {accuracies} against "
        "{histories}."
    ): ("'accuracies' 和 'histories' 应当列出同样的网络：现在是 {accuracies} 对 {histories}。"),
    "accuracies[{name!r}] should be a list, one accuracy per seed.": (
        "accuracies[{name!r}] 应当是一个列表，每个种子一个准确率。"
    ),
    "accuracies of {name} (numbers)": "{name} 的准确率（数字）",
    (
        "{name} has {runs} run(s): one run has no spread, so no seed can tell networks apart; run "
        "section 5 with SEEDS of at least 2."
    ): (
        "{name} 只有 {runs} 次运行：一次运行看不出波动，种子就区分不了网络；请把 SEEDS 设为至少 "
        "2，再运行第 5 节。"
    ),
    (
        "the accuracies of {name} hold numbers above 1: accuracies are fractions (0.98), as "
        "final_test_accuracy gives them, not percentages."
    ): (
        "{name} 的准确率里有大于 1 的数：准确率是小数（0.98），和 final_test_accuracy 给出的一样，"
        "不是百分数。"
    ),
    (
        "the first accuracy of {name} (seed 0) is not the final accuracy of its history: "
        "'accuracies' and 'histories' come from different runs. Run section 5 after section 4, "
        "with the same EPOCHS."
    ): (
        "{name} 的第一个准确率（种子 0）不等于它的 history 的最终准确率：'accuracies' 和 "
        "'histories' 来自不同的运行。请在第 4 节之后运行第 5 节，并用同样的 EPOCHS。"
    ),
    "'told_apart' should be a set of pairs; put even a single pair in a set: {(a, b)}.": (
        "'told_apart' 应当是由网络对组成的集合；即使只有一对，也要放进集合：{(a, b)}。"
    ),
    "expected for 'told_apart' a set of (better, worse) pairs of network names, got {kind}.": (
        "'told_apart' 应当是由网络名组成的 (better, worse) 对的集合，你给的是 {kind}。"
    ),
    "each pair should be a tuple (better, worse), got {item!r}.": (
        "每一对都应当是元组 (better, worse)，你给的是 {item!r}。"
    ),
    "{name!r} is not one of the networks: {names}.": "{name!r} 不是这些网络之一：{names}。",
    (
        "({first!r}, {second!r}) is the wrong way round: write each pair as (better, worse), the "
        "higher mean first."
    ): ("({first!r}, {second!r}) 的顺序反了：每一对都写成 (better, worse)，均值较高的在前。"),
    (
        "({first!r}, {second!r}): {second} has the higher mean, so it would come first; and the "
        "seeds do not tell these two apart."
    ): (
        "({first!r}, {second!r})：{second} 的均值更高，应当排在前面；而且这些种子区分不开这两个网"
        "络。"
    ),
    "the gap is two standard errors or more, but their runs overlap": (
        "差距达到了两个标准误或更多，但它们的运行结果有重叠"
    ),
    "their runs do not overlap, but the gap is under two standard errors": (
        "它们的运行结果没有重叠，但差距不到两个标准误"
    ),
    "their runs overlap and the gap is under two standard errors": (
        "它们的运行结果有重叠，而且差距不到两个标准误"
    ),
    (
        "the seeds do not tell {first} and {second} apart: {why}. Both are needed "
        "(SeedComparison.separated)."
    ): (
        "这些种子区分不开 {first} 和 {second}：{why}。两个条件都要满足（SeedComparison.separated"
        "）。"
    ),
    (
        "a pair that these seeds tell apart is missing: read every line that table.comparisons() "
        "describes in section 5."
    ): ("漏掉了一对这些种子能区分开的网络：把第 5 节里 table.comparisons() 描述的每一行都读一遍。"),
    (
        "these are exactly the pairs that SeedTable tells apart after the lecture's {epochs} "
        "epochs. Set them beside the pairs of the stored run in section 5: did more epochs "
        "separate networks, or only raise every mean?"
    ): (
        "这些正是 SeedTable 在课上的 {epochs} 轮训练之后能区分开的网络对。把它们和第 5 节里保存的"
        "那次运行的网络对放在一起比较：多训练几轮是把网络区分开了，还是只把每个均值都抬高了？"
    ),
    "a number of seeds is a whole number: round your formula's result up": (
        "种子的个数是整数：把公式的结果向上取整"
    ),
    "at that many seeds the gap is still under two standard errors: round up, not down": (
        "用这么多种子，差距仍然不到两个标准误：要向上取整，而不是向下"
    ),
    (
        "one seed more than needed: the smallest n with gap ≥ 2·SE is asked for (math.ceil of the "
        "bound itself)"
    ): ("比需要的多了一个种子：题目要的是满足 gap ≥ 2·SE 的最小 n（对界本身取 math.ceil）"),
    (
        "that makes the gap one standard error; the exercise asks for two, and the 2 comes out "
        "squared when you solve for n"
    ): ("这样差距只有一个标准误；练习要求两个，而解 n 时这个 2 会被平方"),
    "the 2 of 'two standard errors' is squared when you solve gap ≥ 2·sqrt((a² + b²)/n) for n": (
        "从 gap ≥ 2·sqrt((a² + b²)/n) 解出 n 时，「两个标准误」里的 2 要平方"
    ),
    "standard errors add in squares: the gap's is sqrt(SE_a² + SE_b²), not SE_a + SE_b": (
        "标准误按平方相加：差值的标准误是 sqrt(SE_a² + SE_b²)，不是 SE_a + SE_b"
    ),
    (
        "n sits under a square root in the standard error: square both sides of gap ≥ 2·sqrt((a² + "
        "b²)/n) before solving for n"
    ): ("n 在标准误的平方根之下：先把 gap ≥ 2·sqrt((a² + b²)/n) 两边平方，再解 n"),
    "use both networks' standard deviations, not the first one twice": (
        "要用两个网络各自的标准差，而不是把第一个网络的用两次"
    ),
    (
        "the standard error of the gap involves both networks' standard deviations, not the first "
        "one's only"
    ): ("差值的标准误涉及两个网络的标准差，而不只是第一个网络的"),
    "a number of seeds for gap={gap}, std_a={a}, std_b={b}": (
        "gap={gap}, std_a={a}, std_b={b} 时的种子数"
    ),
    "for gap={gap}, std_a={a}, std_b={b} you gave {got:g}": (
        "gap={gap}, std_a={a}, std_b={b} 时，你给出的是 {got:g}"
    ),
    "{where}: one seed has no standard deviation, so a network needs at least 2.": (
        "{where}：一个种子算不出标准差，所以每个网络至少需要 2 个。"
    ),
    (
        "{where}, which is not the fewest seeds. Solve gap ≥ 2·sqrt(std_a²/n + std_b²/n) for n, "
        "and round up."
    ): ("{where}，这不是最少的种子数。从 gap ≥ 2·sqrt(std_a²/n + std_b²/n) 解出 n，再向上取整。"),
    (
        "the fewest seeds on all {count} cases tried: n = 4·(std_a² + std_b²)/gap², rounded up, "
        "and at least 2. Halving the gap takes four times the seeds."
    ): (
        "在试过的全部 {count} 种情形下都是最少的种子数：n = 4·(std_a² + std_b²)/gap²，向上取整，且"
        "至少为 2。差距减半，就需要四倍的种子。"
    ),
    "an accuracy equal to the target has reached it: compare with >=, not >": (
        "准确率等于目标也算达到了：要用 >= 比较，而不是 >"
    ),
    "that is the last evaluation at or above the target; the first one is asked for": (
        "这是最后一次达到或超过目标的评估；题目要的是第一次"
    ),
    (
        "that is when the best accuracy came; the first evaluation at or above the target is asked "
        "for"
    ): ("这是取得最佳准确率的时刻；题目要的是第一次达到或超过目标的评估"),
    "that is the step of the evaluation, not the training seconds": (
        "这是那次评估的步数，不是训练秒数"
    ),
    "that is the epoch number, not the training seconds": "这是第几轮，不是训练秒数",
    "setup_seconds is not training time: leave it out, as the evaluations' seconds do": (
        "setup_seconds 不算训练时间：不要把它加进去，评估记录里的秒数也不包含它"
    ),
    (
        "you read the epoch records only; history.evaluations also holds the evaluations inside an "
        "epoch (eval_every_steps), which may come sooner"
    ): (
        "你只读了每轮的记录；history.evaluations 里还有一轮之内的评估（eval_every_steps），它们可"
        "能更早达到目标"
    ),
    "a record's seconds are one epoch's; the evaluations carry the training seconds so far": (
        "一条记录的秒数只是那一轮的；评估记录里是到那时为止的训练秒数"
    ),
    "for a target of {target}": "目标为 {target} 时",
    (
        "{where}, which the run never reaches, you returned {got!r}: return None when no "
        "evaluation reaches the target."
    ): (
        "{where}（这次运行从未达到这个目标），你返回了 {got!r}：没有任何评估达到目标时，应当返回 "
        "None。"
    ),
    "{where} you returned None, but an evaluation reaches the target.": (
        "{where}，你返回了 None，但有一次评估达到了目标。"
    ),
    "training seconds {where}": "{where}的训练秒数",
    "{where} you returned {number:g}: {message}.": "{where}，你返回了 {number:g}：{message}。",
    (
        "{where} you returned {number:g}, which is not the training seconds at the first "
        "evaluation that reached it. Read history.evaluations: (step, seconds, accuracy)."
    ): (
        "{where}，你返回了 {number:g}，这不是第一次达到目标的那次评估时的训练秒数。读一读 "
        "history.evaluations：(step, seconds, accuracy)。"
    ),
    (
        "the first evaluation at or above the target, those inside an epoch included, and None "
        "when no evaluation reaches it, on all {count} cases tried."
    ): (
        "在试过的全部 {count} 种情形下，返回的都是第一次达到或超过目标的评估（包括一轮之内的评估"
        "），没有评估达到目标时返回 None。"
    ),
    # advcnn.exercises.nb05: 05.p1, 05.p2 and 05.1–05.5
    (
        "the plain stack has no identity path: the factors by which each block scales the gradient "
        "compound with depth, so its ratio grows by orders of magnitude"
    ): ("普通堆叠没有恒等路径：每个块缩放梯度的倍数随深度连乘累积，所以它的比值会增长好几个数量级"),
    "the plain stack's ratio does not grow by orders of magnitude here": (
        "这里普通堆叠的比值并没有增长好几个数量级"
    ),
    "unit (e)'s ratio grows by orders of magnitude here": "这里单元 (e) 的比值增长了好几个数量级",
    (
        "in unit (e) the identity path hands dL/dx_L down unchanged and the branches add to it "
        "slowly (section 3): its ratio grows by a few times, not by orders of magnitude"
    ): (
        "在单元 (e) 中，恒等路径把 dL/dx_L 原样传下去，各分支只是慢慢往上加（第 3 节）：它的比值只"
        "增长几倍，而不是好几个数量级"
    ),
    "{first}; {second}": "{first}；{second}",
    "one of the options": "应为以下选项之一",
    (
        "measured with variant_profile from {shallow} to {deep} blocks: {plain}; {unit}. Slide the "
        "explorer's depth to see it."
    ): (
        "用 variant_profile 从 {shallow} 个块测到 {deep} 个块：{plain}；{unit}。拖动探索器的深度滑"
        "块就能看到。"
    ),
    "transition 1 keeps only ⌊θ·m⌋ of the m channels block 1 ends with: you kept them all": (
        "过渡层 1 只保留块 1 输出的 m 个通道中的 ⌊θ·m⌋ 个：你把它们全保留了"
    ),
    "that is where block 1 ends; block 2 comes after transition 1": (
        "这是块 1 结束时的通道数；块 2 在过渡层 1 之后"
    ),
    "conv0 gives 2k channels, not k (k0 = 2k in DenseNet-BC)": (
        "conv0 输出 2k 个通道，不是 k 个（DenseNet-BC 中 k0 = 2k）"
    ),
    "every dense block keeps its input: block 2 ends with what transition 1 passes on plus L·k": (
        "每个稠密块都保留它的输入：块 2 结束时的通道数是过渡层 1 传下来的通道数加上 L·k"
    ),
    "each of the L layers adds k channels: L·k, not (L − 1)·k": (
        "L 层中的每一层都增加 k 个通道：共 L·k，不是 (L − 1)·k"
    ),
    "each of the L layers adds k channels: L·k, not (L + 1)·k": (
        "L 层中的每一层都增加 k 个通道：共 L·k，不是 (L + 1)·k"
    ),
    "there is no transition after the last block": "最后一个块之后没有过渡层",
    "the number of channels block 2 ends with": "块 2 结束时的通道数",
    "Follow the channels: conv0 gives k0 = 2k, each layer adds k, a transition keeps ⌊θ·m⌋.": (
        "顺着通道数往下算：conv0 给出 k0 = 2k，每层增加 k，过渡层保留 ⌊θ·m⌋。"
    ),
    (
        "follow the channels: k0 = 2k, plus L·k in block 1, ⌊θ·m⌋ after transition 1, plus L·k in "
        "block 2."
    ): ("顺着通道数算下来：k0 = 2k，块 1 加上 L·k，过渡层 1 之后剩 ⌊θ·m⌋，块 2 再加上 L·k。"),
    "that is the same history twice: train the 2-block and the 8-block stack": (
        "这是同一个 history 用了两次：请分别训练 2 个块和 8 个块的堆叠"
    ),
    (
        "the two runs took different numbers of steps per epoch: train both on the same digits "
        "(degradation_data) with the same batch size"
    ): ("两次运行每轮的步数不同：请在同样的数字（degradation_data）上、用同样的批大小训练两者"),
    "True or False for 'caught_up'": "True 或 False（'caught_up'）",
    (
        "your own histories say the opposite: 'caught_up' is final_loss(deep) <= "
        "final_loss(shallow), the mean of each run's last five logged losses"
    ): (
        "你自己的 history 说的恰恰相反：'caught_up' 就是 final_loss(deep) <= final_loss(shallow)，"
        "即比较每次运行最后记录的五个损失的平均值"
    ),
    (
        "your conclusion follows from your own two histories (three epochs each, final_loss over "
        "the last five logged losses). It is one seed: a second seed says how firm it is."
    ): (
        "你的结论和你自己的两个 history 相符（各训练三轮，final_loss 取最后记录的五个损失的平均"
        "）。这只是一个种子：再换一个种子，才知道这个结论有多可靠。"
    ),
    (
        "with F ≡ 0, unit (a) computes relu(x) on an input that is already ≥ 0: the gradient "
        "passes unchanged where x > 0 and is cut where x = 0, in every block."
    ): (
        "F ≡ 0 时，单元 (a) 对一个本来就 ≥ 0 的输入计算 relu(x)：在每个块里，梯度在 x > 0 处原样通"
        "过，在 x = 0 处被截断。"
    ),
    (
        "pass the class itself, not an instance of it: the check builds it with 16 and with 8 "
        "channels"
    ): ("请传入类本身，而不是它的实例：检查会分别用 16 个和 8 个通道构建它"),
    "your unit class, called with channels": "你的单元类（以 channels 为参数调用）",
    (
        "{layer} has a bias; the reference's convolutions have none (bias=False): the batch norm "
        "after each would remove it anyway"
    ): (
        "{layer} 有偏置；参考实现的卷积没有偏置（bias=False）：反正每个卷积后面的批归一化也会把它"
        "消掉"
    ),
    "with channels=8: {mistake} Is 16 written into the class?": (
        "channels=8 时：{mistake}是不是把 16 写死在类里了？"
    ),
    "{agreement}, in eval and in training mode, with 16 channels and with 8.": (
        "{agreement}，eval 模式和训练模式下都是如此，16 个通道和 8 个通道也都是如此。"
    ),
    (
        "the sign is flipped: the answer is (without the bottleneck) − (with it), negative when "
        "the bottleneck costs more"
    ): ("符号反了：答案是（不带瓶颈的）−（带瓶颈的），瓶颈反而更贵时为负数"),
    "that is block 1 alone: the network has two dense blocks": "这只是块 1：这个网络有两个稠密块",
    "the parameters the bottleneck saves": "瓶颈省下的参数量",
    (
        "you counted the convolutions only: the bottleneck adds a batch norm (norm2) with a scale "
        "and a shift per channel in every dense layer"
    ): (
        "你只数了卷积：瓶颈还在每个稠密层里加了一个批归一化（norm2），每个通道各有一个缩放参数和一"
        "个平移参数"
    ),
    "Subtract count_params of the DenseNet with the bottleneck from that of the one without.": (
        "用没有瓶颈的 DenseNet 的 count_params 减去有瓶颈的。"
    ),
    "the MACs the bottleneck saves": "瓶颈省下的 MACs",
    "those are FLOPs: FlopCounterMode counts 2 per multiply-add": (
        "这些是 FLOPs：FlopCounterMode 每次乘加算 2 个"
    ),
    "those are FLOPs (2 per MAC), and {sign}": "这些是 FLOPs（每个 MAC 算 2 个），而且{sign}",
    "that is a batch of 64: count the MACs per image": "这是一批 64 张图像的：请算每张图像的 MACs",
    "Subtract total_macs of the DenseNet with the bottleneck from that of the one without.": (
        "用没有瓶颈的 DenseNet 的 total_macs 减去有瓶颈的。"
    ),
    "expected a list of layer names for 'cheaper', like ['block1.layer1'], got {kind}": (
        "'cheaper' 应当是层名的列表，比如 ['block1.layer1']，你给的是 {kind}"
    ),
    "{name} is the same with or without the bottleneck: name dense layers": (
        "{name} 有没有瓶颈都一样：请写稠密层的名字"
    ),
    "{name!r} is not a dense layer's name: they look like 'block2.layer3'": (
        "{name!r} 不是稠密层的名字：稠密层的名字形如 'block2.layer3'"
    ),
    (
        "the bottleneck makes {name} more expensive, not cheaper: compare its MACs in the two "
        "dense_costs tables"
    ): ("瓶颈让 {name} 变贵了，而不是变便宜：比较它在两张 dense_costs 表里的 MACs"),
    (
        "{count} more layer(s) get cheaper with the bottleneck: a layer gains from it once it "
        "reads enough channels"
    ): ("还有 {count} 层加了瓶颈后会变便宜：一层读入的通道足够多时，就能从瓶颈中获益"),
    (
        "each bottleneck layer costs 4k·(C_in + 9k) MACs per pixel against 9k·C_in: it pays off "
        "only once a layer reads more than 7.2k channels, which in this small network few do."
    ): (
        "每个带瓶颈的层每个像素要 4k·(C_in + 9k) 次 MACs，不带瓶颈是 9k·C_in：只有一层读入超过 "
        "7.2k 个通道时瓶颈才划算，而在这个小网络里这样的层不多。"
    ),
    "'block_memory' should be your function, block_memory(compression)": (
        "'block_memory' 应当是你的函数 block_memory(compression)"
    ),
    "no one block holds the most memory at every compression here": (
        "这里没有哪一个块在每种压缩率下都占用最多的内存"
    ),
    (
        "not at every compression: compare the three numbers your function returns; each "
        "transition divides H×W by 4, and compression touches only the blocks after one"
    ): (
        "并不是在每种压缩率下都如此：比较你的函数返回的三个数；每个过渡层都把 H×W 除以 4，而压缩只"
        "影响过渡层之后的块"
    ),
    (
        "your measurements agree with activation_bytes at every compression tried, and the largest "
        "share sits in the same block at each: compression changes only the blocks after a "
        "transition."
    ): (
        "在试过的每种压缩率下，你的测量都和 activation_bytes 一致，而且占比最大的总是同一个块：压"
        "缩只改变过渡层之后的块。"
    ),
    # advcnn.exercises.nb05_dense: 05.5 the memory of each dense block
    "{label}: give bytes, not MB": "{label}：请给出字节数，而不是 MB",
    "{label}: that is one image; measure a batch of 64": (
        "{label}：这是一张图像的；请测量一批 64 张"
    ),
    "{label}: the block reads what the transition keeps, ⌊θ·m⌋ channels, not all m": (
        "{label}：块读入的是过渡层保留下来的 ⌊θ·m⌋ 个通道，而不是全部 m 个"
    ),
    "{label}: that is eval mode; measure what training keeps (activation_bytes' default)": (
        "{label}：这是 eval 模式下的；请测量训练时保留的量（activation_bytes 的默认设置）"
    ),
    "{label}: each transition halves H and W": "{label}：每个过渡层都把 H 和 W 减半",
    "{label}: conv0 and pool0 bring 28×28 to 14×14 before block 1": (
        "{label}：在块 1 之前，conv0 和 pool0 已经把 28×28 变成了 14×14"
    ),
    "{what} should return a list of three byte counts, got {given!r:.60}": (
        "{what} 应当返回由三个字节数组成的列表，它返回的是 {given!r:.60}"
    ),
    "a number of bytes for block {block}": "块 {block} 的字节数",
    "block {block} at compression {compression}": "块 {block}（压缩率 {compression}）",
    "the activation bytes of {label}": "{label}的激活字节数",
    (
        "Run activation_bytes(model.blocks[i], (64, C, H, W)) with C and H = W from the block's "
        "first row of channel_table."
    ): (
        "运行 activation_bytes(model.blocks[i], (64, C, H, W))，其中 C 和 H = W 取自 channel_table "
        "中该块的第一行。"
    ),
    # advcnn.exercises.nb05_units: 05.1 the histories, 05.2 the gradient mask, 05.3 unit (e)
    (
        "your forward computes unit {label}, not (e): in (e) each batch norm and ReLU comes before "
        "its convolution, and nothing comes after the addition"
    ): (
        "你的 forward 算的是单元 {label}，不是 (e)：在 (e) 中，每个批归一化和 ReLU 都在它的卷积之"
        "前，相加之后什么也没有"
    ),
    "the shortcut is missing: forward should return x plus the branch": (
        "缺少捷径连接：forward 应当返回 x 加上分支的输出"
    ),
    "in (e) nothing comes after the addition: remove the ReLU applied to the sum": (
        "在 (e) 中，相加之后什么也没有：去掉作用在和上的 ReLU"
    ),
    "bn1 and bn2 look swapped: bn1 normalises the unit's input, bn2 conv1's output": (
        "bn1 和 bn2 好像弄反了：bn1 归一化单元的输入，bn2 归一化 conv1 的输出"
    ),
    "conv1 and conv2 look swapped: conv1 comes first": "conv1 和 conv2 好像弄反了：conv1 在前",
    "check forward against the order of unit (e): BN-ReLU-conv-BN-ReLU-conv, then add": (
        "对照单元 (e) 的顺序检查 forward：BN-ReLU-conv-BN-ReLU-conv，然后相加"
    ),
    "your unit's forward": "你的单元的 forward",
    "your unit's forward in training mode": "你的单元在训练模式下的 forward",
    (
        "the outputs agree in eval mode but not in training mode: forward must call the batch "
        "norms themselves (self.bn1(...)), so that they use the batch's statistics while training "
        "and the running ones in eval mode"
    ): (
        "输出在 eval 模式下一致，在训练模式下却不一致：forward 必须调用批归一化层本身（"
        "self.bn1(...)），这样它们训练时才会用这一批的统计量，在 eval 模式下用滑动统计量"
    ),
    (
        "the outputs agree in both modes, but a training-mode forward pass updates {key} "
        "differently: build the batch norms as nn.BatchNorm2d(channels), with the default "
        "momentum, and call each once per forward pass"
    ): (
        "两种模式下输出都一致，但训练模式下的一次前向传播对 {key} 的更新不同：用 "
        "nn.BatchNorm2d(channels) 构建批归一化层，保持默认的 momentum，并在每次前向传播中各调用一"
        "次"
    ),
    "pass the History that fit returned for the {depth}-block stack, not the model": (
        "请传入 fit 为 {depth} 个块的堆叠返回的 History，而不是模型"
    ),
    (
        "pass the History that fit returned for the {depth}-block stack, not a number: the check "
        "reads final_loss from it itself"
    ): (
        "请传入 fit 为 {depth} 个块的堆叠返回的 History，而不是一个数：检查会自己从中读出 "
        "final_loss"
    ),
    "the History fit returned for the {depth}-block stack": (
        "fit 为 {depth} 个块的堆叠返回的 History"
    ),
    (
        "the {depth}-block run has {epochs} epoch(s): train each stack for three (recipe(..., "
        "epochs=3))"
    ): ("{depth} 个块的那次运行训练了 {epochs} 轮：每个堆叠都要训练三轮（recipe(..., epochs=3)）"),
    "the {depth}-block run stopped early: let it run its three epochs": (
        "{depth} 个块的那次运行提前停止了：让它跑完三轮"
    ),
    (
        "the {depth}-block run logged {steps} losses; final_loss averages the last {points}: log "
        "more often (log_every=10)"
    ): (
        "{depth} 个块的那次运行只记录了 {steps} 个损失；final_loss 要对最后 {points} 个求平均：记"
        "录得更频繁一些（log_every=10）"
    ),
    "expected a boolean tensor of x's shape, got {kind}": (
        "应当返回和 x 形状相同的布尔张量，你返回的是 {kind}"
    ),
    (
        "the mask has shape {mask}, x has {x}: return one True or False per entry of x (x > 0 is "
        "such a tensor)"
    ): (
        "掩码的形状是 {mask}，x 的形状是 {x}：x 的每个元素对应一个 True 或 False（x > 0 就是这样的"
        "张量）"
    ),
    "expected a boolean tensor (True/False, or 1/0), like x > 0": (
        "应当返回布尔张量（True/False，或 1/0），比如 x > 0"
    ),
    (
        "your mask says the gradient arrives unchanged everywhere, but where x_l is exactly 0 the "
        "ReLU after the addition passes nothing back (PyTorch takes ReLU's slope at 0 to be 0)"
    ): (
        "你的掩码说梯度处处原样到达，但在 x_l 恰好为 0 的地方，相加之后的 ReLU 不会往回传任何东西"
        "（PyTorch 取 ReLU 在 0 处的斜率为 0）"
    ),
    (
        "your mask says the gradient never arrives unchanged, but where x_l > 0 the unit computes "
        "relu(x) = x and hands dL/dx_(l+1) back as it is"
    ): (
        "你的掩码说梯度从来不会原样到达，但在 x_l > 0 的地方，单元计算的是 relu(x) = x，会把 "
        "dL/dx_(l+1) 原样传回去"
    ),
    "True and False are swapped: True should mark where it is unchanged": (
        "True 和 False 弄反了：True 应当标出梯度不变的地方"
    ),
    (
        "the mask is wrong at {wrong:,} of {known:,} entries: which values does the stem's ReLU "
        "leave in x, and what is ReLU's slope at each?"
    ): (
        "掩码在 {known:,} 个元素中有 {wrong:,} 个不对：stem 的 ReLU 会在 x 里留下哪些值？ReLU 在这"
        "些值处的斜率各是多少？"
    ),
    # advcnn.exercises.nb06_ablation: 06.1 leave one out
    (
        "item {position} of your list is a {kind}: expected a (label, TrainConfig) pair, as "
        "cumulative returns them"
    ): (
        "你的列表第 {position} 项是 {kind}：应当是 (label, TrainConfig) 对，和 cumulative 返回的一"
        "样"
    ),
    "variant {position} (without {label!r})": "变体 {position}（去掉 {label!r}）",
    (
        "{where} trains {epochs} epoch(s): every variant gets the ablation's budget, epochs=1, so "
        "that the rows compare"
    ): ("{where}训练了 {epochs} 轮：每个变体都用消融实验的预算 epochs=1，各行才能相互比较"),
    "{where} is the fast recipe itself: nothing is left out": (
        "{where}就是 fast 训练方案本身：什么都没有去掉"
    ),
    "{where} leaves out {label!r} instead: give the variants in the order of fast_ingredients()": (
        "{where}去掉的却是 {label!r}：请按 fast_ingredients() 的顺序给出各个变体"
    ),
    "{where} also changes {name}, which {setter!r} sets: leave out one ingredient at a time": (
        "{where}还改了 {name}，而它是 {setter!r} 设置的：每次只去掉一个要素"
    ),
    "{where} changes {name}, which no ingredient sets: keep its value": (
        "{where}改了 {name}，但没有哪个要素设置它：保持它原来的值"
    ),
    "ingredient {number} of fast_ingredients() (it sets {fields})": (
        "fast_ingredients() 的第 {number} 个要素（它设置 {fields}）"
    ),
    (
        "{where} has {name}={value!r}, but {described} sets {name} too, after it, and stays in: "
        "apply the other ingredients' changes, in order, to the lecture's recipe"
    ): (
        "{where}的 {name}={value!r}，但 {described}也设置 {name}，它在后面而且没有被去掉：请把其他"
        "要素的改动按顺序应用到课上的训练方案上"
    ),
    (
        "{where} has {name}={value!r}: two ingredients set {name}, and without this one it keeps "
        "the value that {described} gives it"
    ): (
        "{where}的 {name}={value!r}：有两个要素设置 {name}，去掉这一个之后，它保持 {described}给它"
        "的值"
    ),
    (
        "{where} still has the fast recipe's {name}={value!r}: leaving the ingredient out undoes "
        "what it sets"
    ): ("{where}仍然是 fast 训练方案的 {name}={value!r}：去掉这个要素，就要撤销它设置的值"),
    (
        "{where} has {name}={value!r}, a value that neither the lecture's recipe nor this "
        "ingredient gives it"
    ): ("{where}的 {name}={value!r}，这个值既不是课上的训练方案给的，也不是这个要素给的"),
    "a list of (label, TrainConfig) pairs, one per ingredient of fast_ingredients()": (
        "由 (label, TrainConfig) 对组成的列表，fast_ingredients() 的每个要素一对"
    ),
    (
        "your list starts with the lecture's recipe, like the notebook's cumulative ablation: "
        "leave-one-out has one variant per ingredient, each starting from the finished recipe"
    ): (
        "你的列表以课上的训练方案开头，就像笔记本里的累积消融实验那样：留一法消融是每个要素一个变体，"
        "每个变体都从完整的训练方案出发"
    ),
    "expected one variant per ingredient of fast_ingredients() ({expected}), got {got}": (
        "fast_ingredients() 的每个要素应当对应一个变体（{expected} 个），你给了 {got} 个"
    ),
    (
        "all {count} variants are the fast recipe for one epoch with exactly one ingredient left "
        "out, in the order of fast_ingredients(). As (label, config) pairs, "
        'run_ablation("residual", data, answer, seeds) trains them.'
    ): (
        "全部 {count} 个变体都是训练一轮的 fast 训练方案、恰好去掉了一个要素，并且按 "
        'fast_ingredients() 的顺序排列。作为 (label, config) 对，run_ablation("residual", data, '
        "answer, seeds) 可以直接训练它们。"
    ),
    # advcnn.exercises.nb06_runs: 06.2 without the clip, 06.3 the floor in practice
    "this row's configuration still clips the gradient norm at {clip:g}: set clip_grad_norm=None": (
        "这一行的配置仍然把梯度范数裁剪到 {clip:g}：请设置 clip_grad_norm=None"
    ),
    "this row trains {epochs} epochs: the exercise asks one": (
        "这一行训练了 {epochs} 轮：练习要求一轮"
    ),
    (
        "a list of what each run gave: the History that fit returned, or the TrainingDivergedError "
        "it raised (or the AblationRow run_ablation returns for this one configuration)"
    ): (
        "一个列表，装着每次运行的结果：fit 返回的 History，或它抛出的 TrainingDivergedError（也可"
        "以是 run_ablation 为这一个配置返回的 AblationRow）"
    ),
    "run {position} is an AblationRow: pass the row itself as outcomes": (
        "第 {position} 次运行是一个 AblationRow：请直接把这一行作为 outcomes 传入"
    ),
    (
        "run {position} is a {kind}: keep the History that fit returned, or the "
        "TrainingDivergedError you caught (except TrainingDivergedError as error: "
        "outcomes.append(error))"
    ): (
        "第 {position} 次运行是 {kind}：请保存 fit 返回的 History，或你捕获的 "
        "TrainingDivergedError（except TrainingDivergedError as error: outcomes.append(error)）"
    ),
    (
        "run {position} trained {epochs} epochs: the exercise asks for one (epochs=1), the "
        "ablation's budget"
    ): ("第 {position} 次运行训练了 {epochs} 轮：练习要求一轮（epochs=1），即消融实验的预算"),
    "{runs} run(s): train a few seeds, at least 2, to see how often it happens": (
        "只有 {runs} 次运行：请用几个种子训练，至少 2 个，才能看出这种情况多常发生"
    ),
    "that is the number of runs that finished: count those that raised TrainingDivergedError": (
        "这是跑完的运行次数：请数抛出了 TrainingDivergedError 的那些"
    ),
    (
        "you also counted the run(s) that collapsed to chance-level accuracy: their loss stayed "
        "finite and fit returned a History, so they finished; they did not diverge"
    ): (
        "你把准确率跌到随机猜测水平的运行也算进去了：它们的损失一直是有限值，fit 也返回了 "
        "History，所以它们跑完了，并没有发散"
    ),
    "that is the number of runs, not of those that diverged": "这是运行的总次数，不是发散的次数",
    "give the number of runs that diverged, not the fraction": "请给出发散的运行次数，而不是比例",
    "give the number of runs that diverged, not a percentage": "请给出发散的运行次数，而不是百分数",
    "the number of your runs that diverged": "你的运行中发散的次数",
    "Count the outcomes that are a TrainingDivergedError.": (
        "数一数结果中有几个是 TrainingDivergedError。"
    ),
    (
        "only the runs that raised TrainingDivergedError diverged (their loss became NaN or "
        "infinite); a run that returned a History finished, however low its accuracy."
    ): (
        "只有抛出 TrainingDivergedError 的运行才是发散了（它们的损失变成了 NaN 或无穷大）；返回了 "
        "History 的运行就是跑完了，不管它的准确率有多低。"
    ),
    (
        "you spread ε over the K − 1 other classes; PyTorch's label_smoothing (and the notebook) "
        "gives every class ε/K, the true one included: 1 − ε + ε/K on it"
    ): (
        "你把 ε 分给了其余 K − 1 个类别；PyTorch 的 label_smoothing（以及笔记本）给每个类别都分 ε"
        "/K，真实类别也不例外：真实类别上是 1 − ε + ε/K"
    ),
    (
        "you left out the other classes' terms: the entropy sums −p·ln p over all K classes, and "
        "each of the K − 1 others holds ε/K"
    ): ("你漏掉了其他类别的项：熵要对全部 K 个类别求 −p·ln p 之和，其余 K − 1 个类别每个都占 ε/K"),
    "you counted one other class: there are K − 1 of them, each holding ε/K": (
        "你只算了一个其他类别：其他类别有 K − 1 个，每个都占 ε/K"
    ),
    (
        "that is −ln of the true class's target alone, the loss against the hard label; the floor "
        "is the target's entropy, summed over all K classes"
    ): (
        "这只是真实类别目标值的 −ln，也就是对硬标签的损失；下限是目标分布的熵，要对全部 K 个类别求"
        "和"
    ),
    "for {classes} classes your function gives the floor of 10 classes: use num_classes, not 10": (
        "对 {classes} 个类别，你的函数给出的是 10 个类别的下限：要用 num_classes，不要写死 10"
    ),
    "that is in bits (log base 2); cross-entropy uses the natural log": (
        "这是以比特为单位的（以 2 为底的对数）；交叉熵用的是自然对数"
    ),
    (
        '"floor" should be your function loss_floor(smoothing, num_classes), not its value: got a '
        "{kind}"
    ): ('"floor" 应当是你的函数 loss_floor(smoothing, num_classes)，而不是它的值：你给的是 {kind}'),
    (
        "{error}. With smoothing 0 the other classes' target is 0, and 0·ln 0 counts as 0: skip "
        "those terms"
    ): ("{error}。smoothing 为 0 时，其他类别的目标值是 0，而 0·ln 0 按 0 计：跳过这些项"),
    "the floor for smoothing {smoothing} and {classes} classes": (
        "smoothing 为 {smoothing}、共 {classes} 个类别时的下限"
    ),
    "{where}: {message}": "{where}：{message}",
    "The floor is the entropy of the smoothed target, −Σ p·ln p over the K classes.": (
        "下限是平滑后目标分布的熵：对 K 个类别求 −Σ p·ln p。"
    ),
    (
        '"history" is a TrainingDivergedError: that run diverged. Train with the fast recipe, '
        "which clips the gradient"
    ): (
        '"history" 是一个 TrainingDivergedError：那次运行发散了。请用 fast 训练方案训练，'
        "它会裁剪梯度"
    ),
    "the History that fit returned (history)": "fit 返回的 History（history）",
    "this History has no epoch records: train at least one whole epoch": (
        "这个 History 没有任何一轮的记录：至少完整训练一轮"
    ),
    (
        "this History's last training loss is below the floor of label smoothing {smoothing:g}, "
        "which no such run can reach: train it with the fast recipe"
    ): (
        "这个 History 最后的训练损失低于标签平滑 {smoothing:g} 的下限，这样的运行不可能达到：请用 "
        "fast 训练方案训练它"
    ),
    "you subtracted the other way round: the gap is the training loss minus the floor": (
        "你减反了：差距是训练损失减去下限"
    ),
    (
        "that uses the first epoch's training loss: take the last one, "
        "history.records[-1].train_loss"
    ): ("这用的是第一轮的训练损失：请取最后一轮的，history.records[-1].train_loss"),
    "that is the training loss itself: subtract the floor": "这就是训练损失本身：还要减去下限",
    "that is the loss over the floor, a ratio: the gap is their difference": (
        "这是损失除以下限，是个比值：差距是两者之差"
    ),
    "your floor is in bits (log base 2); cross-entropy uses the natural log": (
        "你的下限是以比特为单位的（以 2 为底的对数）；交叉熵用的是自然对数"
    ),
    (
        "that uses the last logged loss (history.steps): take the last epoch's mean, "
        "history.records[-1].train_loss"
    ): (
        "这用的是最后记录的一个损失（history.steps）：请取最后一轮的平均值，"
        "history.records[-1].train_loss"
    ),
    "the last epoch's training loss minus the floor": "最后一轮的训练损失减去下限",
    "Your loss_floor is right. {stub}": "你的 loss_floor 是对的。{stub}",
    (
        "your loss_floor agrees with smoothing_floor for every smoothing and class count tried, "
        "and the gap is the last epoch's mean training loss minus the floor. It is positive, as it "
        "must be: no prediction has a lower smoothed cross-entropy than the target itself."
    ): (
        "在试过的每种 smoothing 和类别数下，你的 loss_floor 都和 smoothing_floor 一致，差距也正是"
        "最后一轮的平均训练损失减去下限。它是正的，也必然是正的：没有哪个预测的平滑交叉熵能比目标"
        "分布本身更低。"
    ),
    # advcnn.exercises.nb06_throughput: 06.4 larger batches, 06.5 one thread
    "the peak learning rate the linear scaling rule gives": "线性缩放规则给出的峰值学习率",
    (
        "that scales the lecture's rate from its batch of 64: scale the fast recipe's peak, which "
        "goes with its batch of {batch}"
    ): (
        "这是从课上的学习率按它的批大小 64 缩放出来的：应当缩放 fast 训练方案的峰值学习率，"
        "它对应的批大小是 {batch}"
    ),
    (
        "that is the square-root scaling rule; the linear rule multiplies the rate by the same "
        "factor as the batch"
    ): ("这是平方根缩放规则；线性规则把学习率乘以和批大小相同的倍数"),
    "the rate should grow with the batch, not shrink": "学习率应当随批大小增大，而不是减小",
    "that is the fast recipe's own rate: scale it with the batch": (
        "这是 fast 训练方案本身的学习率：要随批大小缩放它"
    ),
    "a number of steps is a whole number of batches": "步数是整数个批",
    "that counts the fast recipe's {epochs} epochs: the question asks for one": (
        "这算的是 fast 训练方案的 {epochs} 轮：题目问的是一轮"
    ),
    "that is the count at the fast recipe's batch of {batch}": (
        "这是 fast 训练方案批大小为 {batch} 时的步数"
    ),
    "the steps of one epoch at that batch": "该批大小下一轮的步数",
    (
        "that counts the full batches only: fit also takes the smaller batch left over at the end "
        "of the epoch (unless cuda_graph=True)"
    ): ("这只数了完整的批：fit 在一轮结束时还会处理剩下的那个较小的批（除非 cuda_graph=True）"),
    "one step too many: there is one smaller batch left over, not two": (
        "多了一步：剩下的较小的批只有一个，不是两个"
    ),
    "the steps of one epoch with cuda_graph=True": "cuda_graph=True 时一轮的步数",
    (
        "with cuda_graph=True every replay of the recorded step has the same shapes, so every "
        "batch is full: the images left over are skipped (see TrainConfig)"
    ): (
        "cuda_graph=True 时，每次重放录制好的那一步，张量形状都相同，所以每个批都是满的：剩下的图"
        "像会被跳过（见 TrainConfig）"
    ),
    (
        "the peak rate grows by the factor the batch grew by, and an epoch of {images:,} images "
        "takes a step per full batch plus one for the smaller batch left over, which a CUDA graph "
        "skips."
    ): (
        "峰值学习率按批大小增大的倍数增大；一轮 {images:,} 张图像，每个完整的批走一步，剩下的较小"
        "的批再走一步，而 CUDA graph 会跳过这一步。"
    ),
    (
        "images_per_second is the dict fit_rates returns: take the channels-last runs' rates from "
        "it, and of those the best, as the notebook does"
    ): (
        "images_per_second 是 fit_rates 返回的 dict：像笔记本那样，从中取出 channels-last 那几次运"
        "行的速率，再取其中最好的"
    ),
    (
        "images_per_second is a list (fit_rates gives one rate per round): pass one number, the "
        "best of them, max(...), as the notebook does"
    ): (
        "images_per_second 是一个列表（fit_rates 每一轮给出一个速率）：像笔记本那样，只传一个数，"
        "即其中最好的 max(...)"
    ),
    "the matrix-multiply rate in FLOP/s (one number)": "以 FLOP/s 为单位的矩阵乘法速率（一个数）",
    "ResidualNet's training images per second (one number)": (
        "ResidualNet 每秒训练的图像数（一个数）"
    ),
    "both rates are measured speeds, so both are positive": (
        "两个速率都是测出来的速度，所以都应当是正数"
    ),
    (
        "with these two numbers ResidualNet would train faster than the ceiling: is peak in "
        "FLOP/s, the unit matmul_flops returns, and not in GFLOP/s?"
    ): (
        "按这两个数，ResidualNet 训练得会比上限还快：peak 的单位是不是 matmul_flops 返回的 "
        "FLOP/s，而不是 GFLOP/s？"
    ),
    "fit's images per second over the ceiling": "fit 每秒处理的图像数与上限之比",
    "a multiply-accumulate is 2 FLOPs: your ceiling counts MACs as FLOPs": (
        "一次乘加是 2 个 FLOPs：你的上限把 MACs 当成了 FLOPs"
    ),
    (
        "a training step costs about {passes} forward passes (the backward pass computes gradients "
        "for inputs and weights): your ceiling counts one"
    ): (
        "一个训练步大约相当于 {passes} 次前向传播（反向传播要对输入和权重分别计算梯度）：你的上限"
        "只算了一次"
    ),
    (
        "your ceiling counts one forward pass of MACs: a training image costs about {passes} "
        "passes, and a multiply-accumulate is 2 FLOPs"
    ): (
        "你的上限只算了一次前向传播的 MACs：一张训练图像大约相当于 {passes} 次传播，而且一次乘加是 "
        "2 个 FLOPs"
    ),
    "that is upside down: the measured rate over the ceiling": (
        "这是倒过来的：应当是测得的速率除以上限"
    ),
    "give a fraction (0.5 for half), not a percentage": "请给出比例（一半就是 0.5），而不是百分数",
    "Divide the measured rate by the ceiling: peak FLOP/s over a training image's FLOPs.": (
        "用测得的速率除以上限：上限是峰值 FLOP/s 除以一张训练图像的 FLOPs。"
    ),
    (
        "the ceiling is the matrix-multiply rate over the FLOPs of one training image (2 per "
        "multiply-accumulate, {passes} passes' worth), and fit reaches that fraction of it."
    ): (
        "上限是矩阵乘法速率除以一张训练图像的 FLOPs（每次乘加算 2 个，相当于 {passes} 次传播），而 "
        "fit 达到了它的这个比例。"
    ),
}
