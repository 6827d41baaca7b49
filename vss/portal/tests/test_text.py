"""The small format of the public site's texts: headings, lists, links and paragraphs,
and nothing from the database reaching the browser as markup."""

from vss.portal.text import render_body


def test_paragraphs_headings_and_lists():
    html = render_body("## Apply\n\nFirst line\nsecond line\n\n- one\n- two\n\n1. first\n2. next")
    assert html == (
        "<h2>Apply</h2>\n"
        "<p>First line<br>second line</p>\n"
        "<ul><li>one</li><li>two</li></ul>\n"
        "<ol><li>first</li><li>next</li></ol>"
    )


def test_a_smaller_heading():
    assert render_body("### Where") == "<h3>Where</h3>"


def test_links_to_the_web_mail_phone_and_the_site_itself():
    html = render_body(
        "[court](https://eccc.gov.kh/) [mail](mailto:vss@example.org) "
        "[call](tel:+85523000000) [apply](/apply/)"
    )
    assert '<a href="https://eccc.gov.kh/">court</a>' in html
    assert '<a href="mailto:vss@example.org">mail</a>' in html
    assert '<a href="tel:+85523000000">call</a>' in html
    assert '<a href="/apply/">apply</a>' in html


def test_markup_in_a_text_is_shown_as_written():
    html = render_body('<script>alert(1)</script> <b onclick="x()">bold</b>')
    assert "<script>" not in html
    assert "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_link_to_a_script_or_another_host_without_a_scheme_stays_text():
    html = render_body(
        "[click](javascript:alert(1)) [away](//evil.example/) [data](data:text/html,x)"
    )
    assert "<a " not in html
    assert "[click](javascript:alert(1))" in html


def test_quotes_in_a_link_cannot_leave_the_attribute():
    html = render_body('[x](https://example.org/"onmouseover="alert(1))')
    assert 'href="https://example.org/&quot;onmouseover=&quot;alert(1"' in html
    assert '" onmouseover' not in html


def test_the_words_of_a_link_are_escaped():
    assert render_body("[<i>x</i>](/a/)") == '<p><a href="/a/">&lt;i&gt;x&lt;/i&gt;</a></p>'
