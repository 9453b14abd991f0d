"""Strings of the regression page."""

STRINGS = {
    "regression.title": {"en": 'Gradient descent, step by step', "zh": '梯度下降：一步一步来'},
    "regression.intro": {
        "en": "The course's first training loop: fit a line by gradient descent to 100 points generated from y = 3x + 0.8. Watch the line, the loss and the path over the loss surface move with every step, and find the learning rate at which it all blows up.",
        "zh": '课程中的第一个训练循环：用梯度下降为 100 个点拟合一条直线，这些点由 y = 3x + 0.8 生成。每走一步，直线、损失和损失曲面上的路径都会随之变化；也可以找出让训练发散的学习率。',
    },
    # data
    "regression.data": {"en": "Data", "zh": "数据"},
    "regression.source": {"en": "Points", "zh": "数据来源"},
    "regression.source_generated": {"en": "Generated", "zh": "自动生成"},
    "regression.source_csv": {"en": "Your CSV", "zh": "上传 CSV"},
    "regression.n": {"en": "Number of points", "zh": "点的个数"},
    "regression.true_w": {"en": "True w", "zh": "真实的 w"},
    "regression.true_b": {"en": "True b", "zh": "真实的 b"},
    "regression.noise": {"en": "Noise (std of y)", "zh": "噪声（y 的标准差）"},
    "regression.seed": {"en": "Random seed", "zh": "随机种子"},
    "regression.upload": {"en": "A CSV file with two numeric columns: x, then y", "zh": "CSV 文件：两列数字，第一列 x，第二列 y"},
    "regression.upload_help": {
        "en": "A header row is optional; commas, semicolons or tabs. At most {rows} rows and {kb} KB.",
        "zh": "表头可有可无；分隔符可以是逗号、分号或制表符。最多 {rows} 行、{kb} KB。",
    },
    "regression.upload_wait": {
        "en": "No file yet: the generated points are shown until you upload one.",
        "zh": "还没有上传文件：在此之前先使用自动生成的数据。",
    },
    "regression.csv_loaded": {"en": "{n} points from {name}.", "zh": "已读入 {name} 中的 {n} 个点。"},
    "regression.csv_refused": {
        "en": "{name} was not used: {why} The generated points are shown instead.",
        "zh": "未使用 {name}：{why}目前显示的是自动生成的数据。",
    },
    "regression.csv.too_big": {
        "en": "the file is {size_kb} KB, more than the {max_kb} KB allowed.",
        "zh": "文件大小为 {size_kb} KB，超过了 {max_kb} KB 的上限。",
    },
    "regression.csv.empty": {"en": "the file has no data rows.", "zh": "文件中没有数据行。"},
    "regression.csv.not_text": {
        "en": "this is not a text (UTF-8) file. Save it as CSV and try again.",
        "zh": "这不是文本（UTF-8）文件。请另存为 CSV 后再试。",
    },
    "regression.csv.parse": {
        "en": "the rows could not be read as a table (do all rows have the same number of columns?).",
        "zh": "无法按表格读取这些行（每一行的列数都相同吗？）。",
    },
    "regression.csv.columns": {
        "en": "it needs exactly two columns (x and y), and this file has {found}.",
        "zh": "需要恰好两列（x 和 y），而这个文件有 {found} 列。",
    },
    "regression.csv.not_numeric": {
        "en": "line {row} has “{value}”, which is not a number.",
        "zh": "第 {row} 行的“{value}”不是数字。",
    },
    "regression.csv.not_finite": {
        "en": "line {row} holds NaN or infinity; every value must be a finite number.",
        "zh": "第 {row} 行含有 NaN 或无穷大；每个值都必须是有限的数字。",
    },
    "regression.csv.too_many_rows": {
        "en": "it has more than {max_rows} rows.", "zh": "行数超过了 {max_rows} 行的上限。",
    },
    "regression.csv.too_few_rows": {
        "en": "a line needs at least two points.", "zh": "拟合一条直线至少需要两个点。",
    },
    "regression.csv.constant_x": {
        "en": "every x is the same, so no single line is the best fit.",
        "zh": "所有的 x 都相同，因此不存在唯一的最佳直线。",
    },
    "regression.csv.too_large_values": {
        "en": "some values exceed a million in size; rescale the columns first.",
        "zh": "有的数值绝对值超过一百万；请先把数据缩放到较小的范围。",
    },
    "regression.settings": {"en": "Data and training settings", "zh": "数据与训练设置"},
    # training
    "regression.training": {"en": "Training", "zh": "训练设置"},
    "regression.lr": {"en": "Learning rate (log scale)", "zh": "学习率（对数坐标）"},
    "regression.w0": {"en": "Start w₀", "zh": "初始 w₀"},
    "regression.b0": {"en": "Start b₀", "zh": "初始 b₀"},
    "regression.mode": {"en": "The update, written", "zh": "更新的写法"},
    "regression.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "regression.optimizer_help": {
        "en": "The hand-written loop is plain gradient descent; choose nn.Linear + torch.optim for momentum or Adam.",
        "zh": "手写循环就是最普通的梯度下降；想用动量或 Adam，请选择 nn.Linear + torch.optim。",
    },
    "regression.steps_help": {
        "en": "Optimizer steps per drawn frame while playing, and per press of Step.",
        "zh": "播放时每画一帧走的优化步数，也是每按一次“单步”走的步数。",
    },
    # live view
    "regression.step": {"en": "Step", "zh": "步数"},
    "regression.w": {"en": "w (slope)", "zh": "w（斜率）"},
    "regression.b": {"en": "b (intercept)", "zh": "b（截距）"},
    "regression.loss": {"en": "Loss (MSE)", "zh": "损失（MSE）"},
    "regression.fit_title": {"en": "The points and the line", "zh": "数据点与直线"},
    "regression.surface_title": {"en": "The loss surface over (w, b)", "zh": "损失曲面（w, b）"},
    "regression.loss_title": {"en": "Loss at each step", "zh": "每一步的损失"},
    "regression.log_loss": {"en": "log₁₀ loss", "zh": "log₁₀ 损失"},
    "regression.loss_axis": {"en": "loss (log scale)", "zh": "损失（对数坐标）"},
    "regression.step_axis": {"en": "step", "zh": "步数"},
    "regression.line_true": {"en": "true line", "zh": "真实直线"},
    "regression.line_best": {"en": "least squares", "zh": "最小二乘直线"},
    "regression.line_now": {"en": "current line", "zh": "当前直线"},
    "regression.mark_opt": {"en": "least-squares optimum", "zh": "最小二乘最优点"},
    "regression.mark_start": {"en": "start", "zh": "起点"},
    "regression.mark_now": {"en": "now", "zh": "当前位置"},
    "regression.stopped_diverged": {
        "en": "Stopped: the run diverged (see the message below).", "zh": "已停止：训练发散了（见下方说明）。",
    },
    # analysis
    "regression.analysis": {"en": "What to expect", "zh": "先算一算"},
    "regression.closed_form": {
        "en": "**Least squares, in closed form:** w = {w:.4f}, b = {b:.4f}, and the smallest loss any line can reach is {loss}.",
        "zh": "**最小二乘的解析解**：w = {w:.4f}，b = {b:.4f}；直线能达到的最小损失是 {loss}。",
    },
    "regression.bound": {
        "en": "**Largest stable learning rate** for plain gradient descent: 2/λ_max = **{bound:.4g}**, where λ_max = {lam_max:.4g} is the largest eigenvalue of the Hessian (2/n)·XᵀX (X is x with a column of ones).",
        "zh": "普通梯度下降的**最大稳定学习率**：2/λ_max = **{bound:.4g}**。其中 λ_max = {lam_max:.4g} 是 Hessian 矩阵 (2/n)·XᵀX 的最大特征值（X 是 x 加上一列 1）。",
    },
    "regression.bound_momentum": {
        "en": "With momentum 0.9 the limit widens to 2·(1 + 0.9)/λ_max = {bound:.4g}.",
        "zh": "加上 0.9 的动量后，上限放宽到 2·(1 + 0.9)/λ_max = {bound:.4g}。",
    },
    "regression.slow": {
        "en": "Why it is slow: along the flattest direction (λ_min = {lam_min:.3g}) each step of plain gradient descent at lr = {lr:g} shrinks the error only by the factor |1 − lr·λ_min| = {rate:.4f}, so halving it takes about {half} steps.",
        "zh": "为什么这么慢：最平缓的方向上 λ_min = {lam_min:.3g}。学习率为 {lr:g} 时，普通梯度下降每一步只能把这个方向上的误差乘以 |1 − lr·λ_min| = {rate:.4f}。误差减半大约需要 {half} 步。",
    },
    "regression.course_note": {
        "en": "The defaults are the course's run: 100 points, start w₀ = 1, b₀ = 0, lr = 0.01. After 500 steps it stands near w ≈ 2.37, b ≈ 1.13 — not yet 3 and 0.8.",
        "zh": "默认设置就是课程里的那次运行：100 个点，初始 w₀ = 1、b₀ = 0，学习率 0.01。走完 500 步时 w ≈ 2.37、b ≈ 1.13，还没到 3 和 0.8。",
    },
    "regression.too_fast": {
        "en": "The learning rate {lr:g} is above the stable limit {bound:.4g} for this optimizer: the run will diverge. Choose a rate below {bound:.4g}.",
        "zh": "学习率 {lr:g} 超过了该优化器的稳定上限 {bound:.4g}：训练会发散。请选择小于 {bound:.4g} 的学习率。",
    },
    "regression.diverged": {
        "en": "**The run diverged at step {step}.** The loss grew to {loss:.3g}, a million times more than where it started, so training stopped; the path so far stays on the charts. The learning rate {lr:g} is above the stable limit {bound:.4g}: each step overshoots the valley by more than it corrects. Lower the learning rate below {bound:.4g} (or press Reset to watch it again).",
        "zh": "**训练在第 {step} 步发散了**。损失涨到了 {loss:.3g}，是起点的一百万倍以上，因此训练已停止；之前走过的路径仍保留在图上。学习率 {lr:g} 超过了稳定上限 {bound:.4g}：每一步都越过谷底，越过的距离比原来离谷底还远，所以误差越来越大。请把学习率调到 {bound:.4g} 以下（或按“重置”再看一遍）。",
    },
    "regression.diverged_adam": {
        "en": "**The run diverged at step {step}.** The loss grew to {loss:.3g}, so training stopped; the path so far stays on the charts. Lower the learning rate and press Reset.",
        "zh": "**训练在第 {step} 步发散了**。损失涨到了 {loss:.3g}，训练已停止；之前走过的路径仍保留在图上。请调低学习率后按“重置”。",
    },
    "regression.code_note": {
        "en": "Run for {steps} steps, as the page has so far; it prints w = {w:.6f}, b = {b:.6f}.",
        "zh": "运行 {steps} 步，与页面目前走过的步数相同；它会打印 w = {w:.6f}，b = {b:.6f}。",
    },
    # downloads
    "regression.dl_points": {"en": "Data points (CSV)", "zh": "数据点（CSV）"},
    "regression.dl_path": {"en": "Descent path: step, loss, w, b (CSV)", "zh": "下降路径：步数、损失、w、b（CSV）"},
    "regression.dl_surface": {"en": "Loss surface grid (CSV)", "zh": "损失曲面网格（CSV）"},
}
