"""Progress: what is due, how study went day by day, mastery per topic and the weakest questions."""

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from engine import mock, progress
from engine.plotstyle import png
from engine.progress_plots import daily_bars
from engine.store import LEECH_LAPSES
from ui import backup_view, question_view, shell
from ui.profile import profile_picker, progress_store
from ui.state import bank_warnings, current_bank, dark_theme, tr, user_tz

shell.first_run()

PLOT_DPI = 130
HISTORY_DAYS = 30

loaded, index = current_bank()
bank_warnings(loaded)
store = progress_store()
profile = profile_picker(store)
st.title(tr("nav.progress"))
if profile is None:
    st.stop()
tz = user_tz()
now = datetime.now(tz)
today = now.date()
st.caption(tr("progress.caption", name=profile.name, tz=str(tz)))

cards = store.cards(profile)
per_day = store.reviews_per_day(profile, tz=tz)
forecast = store.due_forecast(profile, now, tz=tz)
retention = store.retention(profile, since=now - timedelta(days=HISTORY_DAYS)).share
studied = {c.question_id for c in cards}

due, new, done, streak, kept = st.columns(5)
due.metric(tr("progress.due_today"), forecast[0][1], help=tr("progress.due_help"))
new.metric(tr("progress.new_left"), sum(q.id not in studied for q in index.questions))
done.metric(tr("progress.reviews_today"), per_day.get(today, 0))
streak.metric(
    tr("progress.streak"),
    tr("progress.streak_value", n=progress.streak(per_day, today)),
    help=tr("progress.streak_help"),
)
kept.metric(
    tr("progress.retention"), "–" if retention is None else f"{retention:.0%}", help=tr("progress.retention_help")
)
if not cards:
    st.info(tr("progress.empty"), icon=":material/school:")
    backup_view.render(store, profile, index.questions)
    st.stop()

dark = dark_theme()
ahead, behind = st.columns(2)
with ahead:
    st.markdown(f"#### {tr('progress.forecast')}")
    upcoming = pd.Series(dict(forecast), dtype="int64")
    figure = daily_bars(upcoming, tr("progress.forecast_axis"), dark, highlight_first=True)
    st.image(png(figure, PLOT_DPI), width="stretch")
with behind:
    st.markdown(f"#### {tr('progress.history')}")
    history = progress.daily_counts(per_day, today, HISTORY_DAYS)
    st.image(png(daily_bars(history, tr("progress.history_axis"), dark), PLOT_DPI), width="stretch")

st.markdown(f"#### {tr('progress.mastery')}", help=tr("progress.mastery_help"))
mastery = progress.mastery(index.questions, cards, now)
st.dataframe(
    mastery.assign(topic=[tr(f"topic.{t}") for t in mastery["topic"]]),
    hide_index=True,
    width="stretch",
    column_config={
        "topic": tr("progress.col.topic"),
        "questions": tr("progress.col.questions"),
        "studied": tr("progress.col.studied"),
        "mastery": st.column_config.ProgressColumn(
            tr("progress.col.mastery"), format="percent", min_value=0.0, max_value=1.0
        ),
    },
)

weak, leeches = st.columns(2)
with weak:
    st.markdown(f"#### {tr('progress.weakest')}")
    for row in progress.weakest(cards, now, index.by_id).itertuples():
        question = index.by_id[row.question_id]
        flag = f" :red-badge[{tr('progress.leech')}]" if row.leech else ""
        st.page_link(
            "pages/browse.py",
            label=question_view.one_line(question),
            query_params={"q": question.id},
            icon=":material/arrow_forward:",
        )
        line = tr("progress.weakest_line", lapses=row.lapses, reps=row.reps, recall=f"{row.recall:.0%}")
        st.caption(line + flag)
with leeches:
    st.markdown(f"#### {tr('progress.leeches')}", help=tr("progress.leeches_help", n=LEECH_LAPSES))
    leech_ids = [q for q in store.leeches(profile) if q in index.by_id]
    if not leech_ids:
        st.caption(tr("progress.leeches_none", n=LEECH_LAPSES))
    for question_id in leech_ids:
        question = index.by_id[question_id]
        st.page_link(
            "pages/browse.py",
            label=question_view.one_line(question),
            query_params={"q": question_id},
            icon=":material/bug_report:",
        )

interviews = store.mock_interviews(profile)
if interviews:
    st.markdown(f"#### {tr('progress.mocks')}")
    rows = []
    for interview in reversed(interviews):
        summary = interview.summary or {}
        weakest = summary.get("weakest_topics") or [{}]
        rows.append(
            {
                tr("progress.col.started"): interview.started.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                tr("progress.col.answered"): len(summary.get("answers", [])),
                tr("progress.col.total"): (
                    mock.clock(summary["total_seconds"]) if interview.finished else tr("progress.unfinished")
                ),
                tr("progress.col.weakest"): tr(f"topic.{weakest[0]['topic']}") if weakest[0] else "–",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

backup_view.render(store, profile, index.questions)
