"""The breach API: ``/api/v1/breaches`` (record, revise, assess, decide, report, notify, register)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.breaches import register
from personvern.breaches.decision import Decision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.notify import NoticeService, build_notice_service
from personvern.breaches.report import ReportBuilder
from personvern.breaches.schemas import (
    ApproveIn, BreachOut, DraftOut, PeopleOut, ReportIn, RevisionOut, UpdateIn,
)
from personvern.breaches.service import BreachService
from personvern.breaches.severity import Assessment
from personvern.breaches.tasks import NOTIFY

router = APIRouter(tags=["breaches"])
STAFF = ("admin", "dpo")
BASE = "/api/v1/breaches"


def service(request: Request) -> BreachService:
    return request.app.state.container.breaches


def notices(request: Request) -> NoticeService:
    return build_notice_service(request.app.state.container)


def _out(breaches: BreachService, breach_id: int, *, history: bool = True) -> BreachOut:
    return BreachOut.of(breaches.view(breach_id, with_revisions=history))


@router.get(BASE + "/register.{fmt}", summary="The Art. 33(5) register, one row per breach (xlsx or csv)",
            responses={200: {"content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument"
                                         ".spreadsheetml.sheet": {}}}})
def register_export(fmt: str, lang: str = Query("nb", pattern="^(nb|en)$"),
                    _: ApiToken = Depends(require_role(*ANY_ROLE)),
                    breaches: BreachService = Depends(service)) -> Response:
    if fmt == "csv":
        return Response(register.to_csv(breaches, lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="breach-register.csv"'})
    if fmt == "xlsx":
        return Response(register.to_xlsx(breaches, lang),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="breach-register.xlsx"'})
    return Response('{"detail": "the register is exported as xlsx or csv"}', 404, media_type="application/json")


@router.post(BASE, response_model=BreachOut, status_code=201, summary="Record a breach (admin, dpo)")
def create(body: BreachFacts, token: ApiToken = Depends(require_role(*STAFF)),
           breaches: BreachService = Depends(service)) -> BreachOut:
    return _out(breaches, breaches.create(body, actor=token.actor).id)


@router.get(BASE, response_model=list[BreachOut], summary="Every breach with its clocks, newest first (any role)")
def list_breaches(state: str | None = Query(None, pattern="^(open|closed)$"),
                  _: ApiToken = Depends(require_role(*ANY_ROLE)),
                  breaches: BreachService = Depends(service)) -> list[BreachOut]:
    return [BreachOut.of(breaches.view_of(b)) for b in breaches.list(state=state)]


@router.get(BASE + "/{breach_id}", response_model=BreachOut, summary="One breach with its history (any role)")
def get(breach_id: int, _: ApiToken = Depends(require_role(*ANY_ROLE)),
        breaches: BreachService = Depends(service)) -> BreachOut:
    return _out(breaches, breach_id)


@router.patch(BASE + "/{breach_id}", response_model=BreachOut, summary="Change the record: a new revision (admin, dpo)")
def update(breach_id: int, body: UpdateIn, token: ApiToken = Depends(require_role(*STAFF)),
           breaches: BreachService = Depends(service)) -> BreachOut:
    breaches.update(breach_id, body.changes, actor=token.actor, reason=body.reason)
    return _out(breaches, breach_id)


@router.get(BASE + "/{breach_id}/assessment/suggested", response_model=Assessment,
            summary="A starting point for the ENISA factors (any role)")
def suggested(breach_id: int, _: ApiToken = Depends(require_role(*ANY_ROLE)),
              breaches: BreachService = Depends(service)) -> Assessment:
    return breaches.suggested_assessment(breach_id)


@router.put(BASE + "/{breach_id}/assessment", response_model=BreachOut,
            summary="Score the severity (ENISA 2013): each factor chosen, with reasons (admin, dpo)")
def assess(breach_id: int, body: Assessment, reason: str = Query("", max_length=2000),
           token: ApiToken = Depends(require_role(*STAFF)), breaches: BreachService = Depends(service)) -> BreachOut:
    breaches.assess(breach_id, body, actor=token.actor, reason=reason)
    return _out(breaches, breach_id)


@router.put(BASE + "/{breach_id}/decision", response_model=BreachOut,
            summary="Record the officer's decision: notify the authority? inform the people? (admin, dpo)")
def decide(breach_id: int, body: Decision, token: ApiToken = Depends(require_role(*STAFF)),
           breaches: BreachService = Depends(service)) -> BreachOut:
    breaches.decide(breach_id, body, actor=token.actor)
    return _out(breaches, breach_id)


@router.post(BASE + "/{breach_id}/reports", response_model=RevisionOut, status_code=201,
             summary="Freeze a report phase sent to the authority: initial, follow_up, final (admin, dpo)")
def submit_report(breach_id: int, body: ReportIn, token: ApiToken = Depends(require_role(*STAFF)),
                  breaches: BreachService = Depends(service)) -> RevisionOut:
    r = breaches.report(breach_id, body.phase, actor=token.actor, reason=body.reason, at=body.at)
    return RevisionOut(number=r.number, at=r.at, actor=r.actor, kind=r.kind, reason=r.reason, phase=r.phase,
                       snapshot_sha256=r.snapshot_hash)


@router.get(BASE + "/{breach_id}/report", summary="The report in Datatilsynet's fields: json, html or pdf (any role)",
            responses={200: {"content": {"application/json": {}, "text/html": {}, "application/pdf": {}}}})
def report(breach_id: int, phase: str | None = Query(None, pattern="^(initial|follow_up|final)$"),
           format: str = Query("json", pattern="^(json|html|pdf)$"), lang: str = Query("nb", pattern="^(nb|en)$"),
           _: ApiToken = Depends(require_role(*ANY_ROLE)), breaches: BreachService = Depends(service)) -> Response:
    builder = ReportBuilder(breaches)
    document = builder.document(breach_id, phase)
    if format == "html":
        return Response(builder.html(document, lang), media_type="text/html; charset=utf-8")
    if format == "pdf":
        name = f"avvik-{breach_id}-{phase or 'utkast'}-{lang}.pdf"
        return Response(builder.pdf(document, lang), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return Response(builder.json(document), media_type="application/json")


@router.get(BASE + "/{breach_id}/notices/draft", response_model=DraftOut,
            summary="The plain-language notice to the people, as it will be sent (any role)")
def draft(breach_id: int, lang: str = Query("nb", pattern="^(nb|en)$"),
          _: ApiToken = Depends(require_role(*ANY_ROLE)), notice: NoticeService = Depends(notices)) -> DraftOut:
    mail = notice.draft(breach_id, lang)
    return DraftOut(language=mail.language, subject=mail.subject, text=mail.text)


@router.get(BASE + "/{breach_id}/notices/people", response_model=PeopleOut,
            summary="How many people the breach's selection reaches, through the data map (admin, dpo)")
def people(breach_id: int, _: ApiToken = Depends(require_role(*STAFF)),
           notice: NoticeService = Depends(notices)) -> PeopleOut:
    found = notice.find(breach_id)
    return PeopleOut(people=len(found.addresses), rows=found.rows, path=found.path,
                     recipients=notice.counts(breach_id))


@router.post(BASE + "/{breach_id}/notices/approve", response_model=PeopleOut, status_code=202,
             summary="Approve the notices and send them in the background, each person once (admin, dpo)")
def approve(breach_id: int, body: ApproveIn, http: Request, token: ApiToken = Depends(require_role(*STAFF)),
            breaches: BreachService = Depends(service), notice: NoticeService = Depends(notices)) -> PeopleOut:
    breaches.approve_notices(breach_id, actor=token.actor, reason=body.reason)
    notice.prepare(breach_id, actor=token.actor, language=body.language)
    http.app.state.container.jobs.enqueue(NOTIFY, breach_id, token.actor)
    counts = notice.counts(breach_id)
    return PeopleOut(people=sum(counts.values()), rows=0, path=[], recipients=counts)
