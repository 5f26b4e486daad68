"""Loop page: a refused "add interview" says so at the top; removing asks first."""

from __future__ import annotations

from tests.factories import AREAS

EN = {"Accept-Language": "en"}


def test_refused_interview_is_summarised_at_the_top(client, login, make_user, make):
    manager = make_user("hiring_manager")
    application = make("application", make("requisition", manager))
    loop = make("loop", application)
    anna = make_user("interviewer", name="Anna Schmidt")
    make("interview", loop, anna, AREAS[0])
    login(manager)
    data = {"interviewer_id": str(anna.id), "area_key": AREAS[1],
            "starts_at": "2026-12-03T09:00", "duration_minutes": "60"}  # fmt: skip
    page = client.post(f"/applications/{application.id}/loop/interviews", data=data, headers=EN)
    assert page.status_code == 422
    text = page.text
    top = text.index('id="add-interview-refused"')
    assert top < text.index("<h2>Interviews</h2>")  # above the list, not only by the field
    assert '<a href="#interviewer_id">' in text[top:]
    assert "already interviews in this loop" in text[top : top + 1000]
    assert f'action="/applications/{application.id}/loop/interviews#add-interview"' in text


def test_removing_an_interview_asks_first(client, login, make_user, make):
    manager = make_user("hiring_manager")
    loop = make("loop", make("application", make("requisition", manager)))
    make("interview", loop, make_user("interviewer", name="Anna Schmidt"), AREAS[0])
    login(manager)
    text = client.get(f"/applications/{loop.application_id}/loop", headers=EN).text
    assert 'data-confirm="Remove the interview of Anna Schmidt on' in text
