"""core.points: a visitor's CSV of points read exactly, every bad file refused with its reason, a click added."""
import pytest
import torch

from core.linear import CsvError
from core.points import MAX_ABS, MAX_CLASSES, read_points_csv, with_point


def refused(data: bytes, task: str = "classify", **kw) -> CsvError:
    with pytest.raises(CsvError) as e:
        read_points_csv(data, task, **kw)
    return e.value


@pytest.mark.parametrize("text", [
    "x1,x2,label\n0.5,-1,0\n2,3.25,1\n-0.125,0,2\n",
    "0.5;-1;0\n2;3.25;1\n-0.125;0;2\n",
    "0.5\t-1\t0\n2\t3.25\t1\n-0.125\t0\t2\n",
    "\ufeffa b c\n0.5 -1 0\n2 3.25 1\n\n-0.125 0 2\n",
])
def test_a_classification_file_reads_as_its_numbers_whatever_the_separator(text):
    X, y = read_points_csv(text.encode(), "classify")
    assert X.dtype == torch.float32 and y.dtype == torch.int64
    assert X.tolist() == [[0.5, -1.0], [2.0, 3.25], [-0.125, 0.0]]
    assert y.tolist() == [0, 1, 2]


def test_a_regression_file_keeps_real_targets():
    X, y = read_points_csv(b"x1,x2,y\n0,1,0.25\n1,0,-3.5\n", "regress")
    assert y.dtype == torch.float32 and y.tolist() == [0.25, -3.5] and X.shape == (2, 2)


@pytest.mark.parametrize("data, task, code", [
    (b"", "classify", "empty"),
    (b"   \n\n", "classify", "empty"),
    (b"x1,x2,label\n", "classify", "empty"),
    (b"\xff\xfe\x00a", "classify", "not_text"),
    (b"1,2,0\x00\n", "classify", "not_text"),
    (b"1,2\n3,4\n", "classify", "columns3"),
    (b"1,2,0,5\n3,4,1,5\n", "classify", "columns3"),
    (b"1,2,0\n3,four,1\n", "classify", "not_numeric"),
    (b"1,2,0\n3,nan,1\n", "classify", "not_finite"),
    (b"1,2,inf\n3,4,1\n", "regress", "not_finite"),
    (b"1,2,0\n", "classify", "too_few_rows"),
    (b"1,2,0\n3,5000,1\n", "classify", "too_large_values"),
    (b"1,2,0\n3,4,0.5\n", "classify", "label_not_class"),
    (b"1,2,0\n3,4,-1\n", "classify", "label_not_class"),
    (f"1,2,0\n3,4,{MAX_CLASSES}\n".encode(), "classify", "too_many_classes"),
    (b"1,2,1\n3,4,1\n", "classify", "one_class"),
    (b'1,2,0\n"3,4,1\n5,6,0\n', "classify", "parse"),
])
def test_bad_files_are_refused_with_their_reason(data, task, code):
    assert refused(data, task).code == code


def test_the_refusal_says_where_and_what():
    e = refused(b"x1,x2,label\n1,2,0\n3,four,1\n")
    assert e.params == {"row": 3, "value": "four"}  # the line of the file, header counted
    e = refused(b"1,2,0\n3,4,1.5\n")
    assert e.params == {"row": 2, "value": "1.5"}
    assert refused(b"1,2,0\n3,4,1\n" * 3, max_rows=4).code == "too_many_rows"
    big = refused(b"1,2,0\n" * 200, max_bytes=1000)
    assert big.code == "too_big" and big.params == {"size_kb": 2, "max_kb": 1}
    assert refused(f"1,2,0\n3,{MAX_ABS * 2},1\n".encode()).params == {"max": f"{MAX_ABS:g}"}


def test_a_refusal_is_never_anything_but_a_csv_error():
    """Every byte string a visitor could send ends as points or a CsvError, never another exception."""
    import random

    rng = random.Random(7)
    alphabet = b"0123456789,;\t\n .-eE+naifx\"'\xff"
    for _ in range(300):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for task in ("classify", "regress"):
            try:
                read_points_csv(data, task)
            except CsvError:
                pass


def test_unknown_task_is_a_programming_error():
    with pytest.raises(ValueError):
        read_points_csv(b"1,2,0\n", "cluster")


def test_a_click_adds_one_point_of_its_class_and_respects_the_limit():
    X, y = torch.zeros(3, 2), torch.tensor([0, 1, 0])
    X2, y2 = with_point(X, y, 0.25, -0.5, 1)
    assert X2.tolist()[-1] == [0.25, -0.5] and y2.tolist() == [0, 1, 0, 1] and y2.dtype == torch.int64
    assert X.shape == (3, 2)  # the caller's tensors are untouched
    assert with_point(X, y, 0.1, 0.1, 0, max_points=3) is None
    assert with_point(X, y, float("nan"), 0.1, 0) is None
    Xr, yr = with_point(X, torch.zeros(3), 0.0, 0.0, -0.75)
    assert yr.tolist()[-1] == -0.75 and yr.dtype == torch.float32
