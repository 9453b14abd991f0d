"""Strings of the app shell: sidebar, navigation, shared controls."""

STRINGS = {
    "app.title": {"en": "DL Visual Explainer", "zh": "深度学习可视化讲解"},
    "app.tagline": {
        "en": "The first week of deep learning, made visible.",
        "zh": "把深度学习第一周的内容画出来、动起来。",
    },
    "sidebar.language": {"en": "Language", "zh": "语言"},
    "sidebar.projector": {"en": "Projector mode", "zh": "投影模式"},
    "sidebar.projector_help": {
        "en": "Larger fonts and thicker lines, readable from the back of a room.",
        "zh": "更大的字号和更粗的线条，教室后排也能看清。",
    },
    "sidebar.device": {"en": "Device", "zh": "计算设备"},
    "sidebar.device_line": {"en": "**{name}** · torch {torch}", "zh": "**{name}** · torch {torch}"},
    "device.no_cuda": {
        "en": "CUDA was requested but this server has no GPU: computing on the CPU.",
        "zh": "已请求使用 CUDA，但本服务器没有 GPU：改用 CPU 计算。",
    },
    "device.bad_env": {
        "en": "DLVE_DEVICE must be auto, cpu or cuda; using auto.",
        "zh": "DLVE_DEVICE 只能是 auto、cpu 或 cuda；已按 auto 处理。",
    },
    "sidebar.threads": {"en": "{n} CPU thread(s) per computation", "zh": "每次计算使用 {n} 个 CPU 线程"},
    "nav.home": {"en": "Overview", "zh": "概览"},
    "nav.neuron": {"en": "Neurons and networks", "zh": "神经元与网络"},
    "nav.tensors": {"en": "Tensors", "zh": "张量"},
    "nav.activations": {"en": "Activation functions", "zh": "激活函数"},
    "nav.initialization": {"en": "Weight initialisation", "zh": "权重初始化"},
    "nav.regression": {"en": "Gradient descent", "zh": "梯度下降"},
    "nav.spiral": {"en": "Spiral classification", "zh": "螺旋分类"},
    "nav.playground": {"en": "Network playground", "zh": "神经网络游乐场"},
    "nav.optimizers": {"en": "Optimizer race", "zh": "优化器竞速"},
    "player.play": {"en": "Play", "zh": "播放"},
    "player.pause": {"en": "Pause", "zh": "暂停"},
    "player.step": {"en": "Step", "zh": "单步"},
    "player.step_n": {"en": "Step ×{n}", "zh": "单步 ×{n}"},
    "player.step_help": {
        "en": "One press trains {n} steps (the steps per frame), then redraws.",
        "zh": "每按一次训练 {n} 步（即每帧步数），然后重绘。",
    },
    "player.reset": {"en": "Reset", "zh": "重置"},
    "player.steps_per_frame": {"en": "Steps per frame", "zh": "每帧步数"},
    "player.paused_budget": {
        "en": "Paused after {seconds:.0f} s of playing, to share the server. Press Play to go on.",
        "zh": "已连续播放 {seconds:.0f} 秒。服务器由大家共用，所以播放已自动暂停；按“播放”继续。",
    },
    "player.finished": {"en": "Training has converged; playing stopped.", "zh": "训练已收敛，播放停止。"},
    "player.busy": {
        "en": "The server is busy: as many runs are playing as it takes at once ({live}). Yours starts when one "
              "ends, at the latest in about {eta} s (you are number {position} in line). Keep this tab open; "
              "Pause leaves the line.",
        "zh": "服务器正忙：已有 {live} 个训练在播放，达到同时播放的上限。有一个结束后就轮到你，最迟约 {eta} 秒后开始"
              "（你排在第 {position} 位）。请保持此页面打开；按“暂停”可退出排队。",
    },
    "player.busy_gave_up": {
        "en": "The server stayed busy for {waited:.0f} s (runs playing: {live}), so your run did not start. Press "
              "Play to wait again, or Step to train one frame at a time.",
        "zh": "服务器持续繁忙了 {waited:.0f} 秒（有 {live} 个训练在播放），你的训练没有开始。按“播放”重新排队，"
              "或按“单步”一帧一帧地训练。",
    },
    "player.shared": {
        "en": "{live} runs are playing on this server and share it fairly, so yours runs slower: about {fps} "
              "frames a second. The numbers are the same as alone; only the pace differs.",
        "zh": "本服务器上正有 {live} 个训练在播放，大家公平分享算力，所以你的播放会慢一些：约每秒 {fps} 帧。"
              "算出的数值和单独播放时完全相同，只是节奏变慢。",
    },
    "code.show": {"en": "Show the PyTorch code", "zh": "查看 PyTorch 代码"},
    "code.caption": {
        "en": "Plain PyTorch for the current settings: copy it into a file and it runs as shown.",
        "zh": "当前设置对应的纯 PyTorch 代码：复制到文件中即可直接运行。",
    },
    "link.button": {"en": "Link", "zh": "链接"},
    "link.caption": {
        "en": "This address reopens the page as it is now. Copy it with the button at its right.",
        "zh": "用这个地址可以重新打开当前的页面设置。点右侧按钮复制。",
    },
    "link.adjusted": {
        "en": "Some settings in the link were out of range or unreadable and were adjusted: {names}",
        "zh": "链接中的部分设置超出范围或无法识别，已自动调整：{names}",
    },
    "sidebar.present": {"en": "Presenter mode", "zh": "演示模式"},
    "sidebar.present_help": {
        "en": "For teaching: big type, high-contrast charts, and only the main controls and charts. "
              "The link keeps it on: add present=1.",
        "zh": "用于课堂讲解：大字号、高对比度图表，只显示主要控件和图表。链接中加上 present=1 即可保持开启。",
    },
    "downloads.header": {"en": "Downloads", "zh": "下载"},
}
