"""The rule that views fetch nothing themselves (scripts/check_views.py), and the tree
keeping it."""

from pathlib import Path
from textwrap import dedent

from scripts.check_views import REPO, is_views_module, main, violations_in, violations_in_source

FETCHING_VIEW = dedent(
    """
    from django.shortcuts import get_object_or_404, get_list_or_404
    from django import shortcuts

    def lawyer_edit(request, pk):
        policy.require_right(request.user, Right.MANAGE_LAWYERS)
        lawyer = get_object_or_404(Lawyer, pk=pk)
        clients = Representation.objects.filter(lawyer=lawyer).count()
        case = shortcuts.get_object_or_404(Case.objects.all(), pk=1)
        rows = get_list_or_404(Lawyer)
        return Lawyer._default_manager.none(), type(lawyer)._base_manager.all()
    """
)

PLAIN_VIEW = dedent(
    """
    from . import selectors

    def lawyer_edit(request, pk):
        lawyer = selectors.lawyer_get_for_manager(request.user, pk)
        objects = [lawyer]  # a name, not a manager
        return render(request, "lawyer.html", {"lawyer": lawyer, "objects": objects})
    """
)


def test_it_finds_each_fetch_with_its_line():
    found = violations_in_source(FETCHING_VIEW, "vss/x/views.py")
    assert [(v.line, v.message.split(" in a view")[0]) for v in found] == [
        (7, "get_object_or_404()"),
        (8, "Representation.objects"),
        (9, "get_object_or_404()"),
        (9, "Case.objects"),
        (10, "get_list_or_404()"),
        (11, "Lawyer._default_manager"),
        (11, "type(lawyer)._base_manager"),
    ]
    assert str(found[0]) == (
        "vss/x/views.py:7:14: get_object_or_404() in a view: fetch through a selector, "
        "which applies the policy's scope"
    )


def test_it_lets_a_view_that_calls_selectors_pass():
    assert violations_in_source(PLAIN_VIEW) == []


def test_it_reads_views_modules_only(tmp_path: Path):
    app = tmp_path / "app"
    package = app / "views"
    (package / "deeper").mkdir(parents=True)
    for module in [
        app / "views.py",
        app / "selectors.py",
        package / "__init__.py",
        package / "lawyers.py",
        package / "deeper" / "cases.py",
    ]:
        module.write_text(FETCHING_VIEW)
    # A folder named views that is no package (a checkout's name, say) does not count.
    loose = tmp_path / "views" / "app" / "services.py"
    loose.parent.mkdir(parents=True)
    loose.write_text(FETCHING_VIEW)

    assert is_views_module(app / "views.py")
    assert is_views_module(package / "deeper" / "cases.py")
    assert not is_views_module(app / "selectors.py")
    assert not is_views_module(loose)
    read = {v.path for v in violations_in([tmp_path])}
    assert read == {
        str(app / "views.py"),
        str(package / "__init__.py"),
        str(package / "lawyers.py"),
        str(package / "deeper" / "cases.py"),
    }


def test_it_fails_on_a_violation_and_passes_without(tmp_path: Path, capsys):
    (tmp_path / "views.py").write_text(FETCHING_VIEW)
    assert main([str(tmp_path)]) == 1
    assert f"{tmp_path / 'views.py'}:7:14: get_object_or_404()" in capsys.readouterr().out
    (tmp_path / "views.py").write_text(PLAIN_VIEW)
    assert main([str(tmp_path)]) == 0


def test_no_view_of_vss_fetches_records_itself():
    assert [str(v) for v in violations_in([REPO / "vss"])] == []
