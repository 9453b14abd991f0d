"""Tensors: create one from a table of functions, then apply an operation from a table and compare."""
import streamlit as st

from core import tensors as T
from core.snippets.tensors import snippet
from ui import tensors_view as V
from ui.charts import current_style, finish
from ui.charts.grids import tensor_grid
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import pick, t
from ui.page import header

MAIN_WIDTH = 1000  # px the main column roughly has in the wide layout; grids size their cells to share it
MAX_CELL, MIN_CELL, TEXT_CELL = 36, 12, 22


def sizes(box, key, start, default, ndims, lo, hi_of, fill):
    """A shape: how many dims, then each size (clamped to ``hi_of(ndims)``).

    ``key`` holds the shape itself (the link's value); its widgets start from it. A size that no longer
    fits (fewer dims allow bigger sizes) starts again from ``default``, a dim added from ``fill``.
    """
    state = st.session_state
    cols = box.columns([1.3, 1, 1, 1, 1][: 1 + max(ndims)])
    if f"{key}_n" not in state:
        state[f"{key}_n"] = len(start) if len(start) in ndims else ndims[0]
    n = cols[0].selectbox(t("tensors.ndims"), ndims, key=f"{key}_n")
    hi = hi_of(n)
    for i in range(n):
        size = f"{key}_{i}"
        if size not in state and i < len(start):
            state[size] = start[i]
        if not lo <= state.get(size, lo - 1) <= hi:
            state[size] = max(lo, min(default[i] if i < len(default) else fill, hi))
    return tuple(cols[1 + i].number_input(f"d{i}", lo, hi, key=f"{key}_{i}") for i in range(n))


def arg_widget(box, arg, key, x_shape=(), shape_key=""):
    """One widget per argument kind, so a new table entry never needs a new widget here.

    ``key`` is the argument's URL parameter's key. An argument whose choices follow x's shape (B's
    shape, an order of x's dims) has widgets keyed by that shape too, so a new x starts them afresh.
    """
    label, default = t(f"tensors.arg.{arg.name}"), arg.default_for(x_shape)
    state = st.session_state
    if arg.kind == "seed":  # a lecturer never needs it in front of a class
        with box.container(key=f"secondary_{key}"):
            return st.number_input(label, int(arg.lo), int(arg.hi), step=1, key=key)
    if arg.kind in ("int", "float"):
        cast = int if arg.kind == "int" else float
        return box.number_input(label, cast(arg.lo), cast(arg.hi), step=cast(arg.step), key=key)
    if arg.kind == "bool":
        return box.toggle(label, key=key)
    if arg.kind in ("dtype", "device"):
        return box.selectbox(label, arg.choices, key=key)
    if arg.kind == "perm":
        options = T.permutation_choices(len(x_shape))
        wkey = f"{key}_{shape_key}"
        if wkey not in state:
            state[wkey] = state[key] if state[key] in options else default
        picked = box.selectbox(label, options, key=wkey)
        state[key] = None if picked == default else picked  # None: follow x
        return picked
    box.markdown(label)  # not a caption: presenter mode hides captions, and this names the inputs below
    if arg.kind == "target":
        state[key] = sizes(box, key, state[key], default, V.TARGET_DIMS, -1, V.target_top, 1)
        return state[key]
    if arg.kind == "other":
        start = default if state[key] is None else state[key]
        shape = sizes(box, f"{key}_{shape_key}", start, default, V.SHAPE_DIMS, 1, V.shape_top, 2)
        state[key] = None if shape == tuple(default) else shape
        return shape
    state[key] = sizes(box, key, state[key], default, V.SHAPE_DIMS, 1, V.shape_top, 2)
    return state[key]


def cell_size(tensors, columns):
    """Cells as big as fit: the widest grid, across ``columns`` side by side, sets one size for all."""
    widest = max(max(1, x.shape[-1] if x.dim() else 1) * (int(x.shape[:-2].numel()) if x.dim() > 2 else 1) + 1
                 for x in tensors)
    return max(MIN_CELL, min(MAX_CELL, int((MAIN_WIDTH / columns - 40) / widest)))


def draw(box, x, title, key, cell, domain=None):
    box.markdown(f"**{title}** · `{tuple(x.shape)}` · `{T.dtype_name(x.dtype)}`")
    if x.numel() == 0:
        box.info(t("tensors.no_elements"))
        return
    box.altair_chart(finish(tensor_grid(T.grid_frame(x), cell=cell, show_text=cell >= TEXT_CELL,
                                       domain=domain),
                            description=t("chart.tensor_grid", name=title, shape=tuple(x.shape))), key=key,
                     width="content")


view = header("tensors", V.URL)
st.header(t("tensors.create_header"))
# a projected slide has no room for the grid beside the controls: one above the other
left, right = (st.container(), st.container()) if current_style().stacked else st.columns([1, 2], gap="large")
creator = left.selectbox(t("tensors.creator"), list(T.CREATORS), format_func=lambda n: f"torch.{n}", key="tc_name")
spec = T.CREATORS[creator]
left.caption(pick(spec.about))
create_args = {a.name: arg_widget(left, a, f"tc_{creator}_{a.name}") for a in spec.args}
made = T.create(creator, **create_args)
right.code(made.code, language="python")
if not made.ok:
    right.warning(t("tensors.refused", message=made.error), icon=":material/school:")
    x = None
else:
    x = made.tensor
    right.markdown(" · ".join(f"`{expr}` → `{value}`" for expr, value in T.attributes(x).items()))
    draw(right.container(key="main_chart"), x, "x", "t_x", cell_size([x], 1.6))
    if spec.note:
        right.info(pick(spec.note), icon=":material/info:")

st.header(t("tensors.op_header"))
if x is None:
    st.info(t("tensors.need_x"))
    V.publish(view, creator, st.session_state["to_name"])
    show_code(snippet(creator, create_args))
    st.stop()
top = st.columns([1, 2], gap="large")
op_name = top[0].selectbox(t("tensors.op"), list(T.OPS), format_func=lambda n: T.OPS[n].label, key="to_name")
op = T.OPS[op_name]
top[1].markdown(pick(op.about))
shape_key = "x".join(map(str, x.shape)) or "scalar"
arg_cols = st.columns(max(len(op.args), 2))
op_args = {a.name: arg_widget(arg_cols[i], a, f"to_{op_name}_{a.name}", tuple(x.shape), shape_key)
           for i, a in enumerate(op.args)}
out = T.apply(op_name, x, **op_args)

st.code(out.code, language="python")
rule = f"x {tuple(out.x.shape)}" + (f", B {tuple(out.B.shape)}" if out.B is not None else "")
if out.ok:
    st.markdown(t("tensors.rule", rule=op.rule, shapes=rule, out=str(tuple(out.y.shape))))
else:
    st.markdown(t("tensors.rule_refused", rule=op.rule, shapes=rule))
    st.warning(t("tensors.refused", message=out.error), icon=":material/school:")

shown = [("x", out.x)] + ([("B", out.B)] if out.B is not None else [])
if out.ok:
    shown += [(t("tensors.x_after"), out.x_after)] if out.x_after is not None else []
    shown += [("y", out.y)]
cell = cell_size([v for _, v in shown], len(shown))
shared = T.value_range(*(v for _, v in shown))  # one scale: the same number has the same colour in x and y
for (title, value), col, i in zip(shown, st.columns(len(shown), gap="medium"), range(len(shown))):
    draw(col, value, title, f"t_op_{i}", cell, shared)
if out.ok:
    st.markdown(t("tensors.same_storage" if out.same_storage else "tensors.new_storage"))  # the point of view vs reshape

V.publish(view, creator, op_name)
offer("tensors", [Download("tensors.dl_x", "x.csv", csv_of(V.tensor_table(out.x)))]
      + ([Download("tensors.dl_y", "y.csv", csv_of(V.tensor_table(out.y)))] if out.ok else []))
show_code(snippet(creator, create_args, op_name, op_args))
