"""Demo data from the seed 003 (issue 12, point 7): written by `seed_demo`, idempotent.

The three projects of Nancy-Metz's page « Les projets et actions soutenus par le FSE » with
the seed's figures, dates, objectives, actions and axes in its own words (funding/demo/
seed003.py), and the page itself (« Actualisé le 06/05/2021 »):

- Numavenir Ambition 21: PON FSE 2014-2020, objectif spécifique 1.10.1.1, its two plan lines
  (balanced, 59,97 % of FSE), its aim and three objectives, its 7 actions and the
  deliverables their objectives name (no link or date: the seed gives none).
- NOVA - Naviguer Oser Valoriser Agir: FSE (the page is the FSE's). The seed names neither
  its programme nor its objective: the PON FSE 2014-2020 and 1.10.1.1 are the demo's choice.
  The seed gives only its total: no plan line, so the plan shows as incomplete. Its four
  numbered objectives are actions of kind « objectif ».
- PLANETE: FEDER, PO FEDER-FSE Lorraine et massif des Vosges 2014-2020, axe prioritaire AP07,
  its three plan lines (balanced, 59,29 % of FEDER), the GIP FTLV as carrier and the
  Université de Lorraine as partner, its three axes.

All three have ended (31/12/2021 and 31/12/2023): their status is closed; their plans are
drafts (the seed's figures are forecasts, « prévisionnel », and requests, « sollicitée »).

The programmes' ceiling of the EU intervention rate is a setting to check (DOMAIN.md: in
2014-2020, 50 % in more-developed regions, 60 % in transition regions): the demo sets 60,00 %
for both.

Rows are found by natural keys (programme by name, objective by programme and code, operation
by académie and slug, a line or an objective by its order, an action by its number, a
deliverable by its title, a partner by name) and saved only where a value differs: a second
run writes nothing, history included. The demo's administrator of Nancy-Metz
(admin@demo.formations.local) edits them; its SAIO (saio@…) reads them.
"""

from decimal import Decimal

from accounts.demo import NANCY_METZ, upsert
from accounts.models import Academie
from funding.demo import seed003 as s
from funding.models import (
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    Fund,
    FundingLine,
    Operation,
    OperationalProgramme,
    OperationObjective,
    PortfolioPage,
    ProgrammeObjective,
)
from programmes.models import Partner

# A setting to check (DOMAIN.md « (check) »): 60 % is the transition regions' ceiling.
PON_FSE_CEILING = Decimal("60.00")
PO_LORRAINE_CEILING = Decimal("60.00")


def seed():
    academie = Academie.objects.filter(code=NANCY_METZ).first()
    if academie is None:
        return
    pon = upsert(
        OperationalProgramme,
        {"name": s.PON_FSE},
        {"period": "2014-2020", "funds": Fund.FSE, "eu_rate_ceiling": PON_FSE_CEILING},
    )
    lorraine = upsert(
        OperationalProgramme,
        {"name": s.PO_LORRAINE},
        {
            "period": "2014-2020",
            "funds": Fund.FSE_FEDER,
            "eu_rate_ceiling": PO_LORRAINE_CEILING,
        },
    )
    specific = _objective(pon, ProgrammeObjective.Kind.SPECIFIC_OBJECTIVE, *s.OBJECTIVE_1_10_1_1)
    ap07 = _objective(lorraine, ProgrammeObjective.Kind.PRIORITY_AXIS, *s.AXIS_AP07)

    numavenir = _operation(academie, s.NUMAVENIR, Fund.FSE, pon, specific)
    _lines(numavenir, s.NUMAVENIR_LINES)
    _objectives(numavenir, s.NUMAVENIR_AIM, s.NUMAVENIR_OBJECTIVES)
    actions = {
        number: _action(numavenir, Action.Kind.ACTION, number, title, "", objectives)
        for number, title, objectives in s.NUMAVENIR_ACTIONS
    }
    for number, kind, title in s.NUMAVENIR_DELIVERABLES:
        upsert(Deliverable, {"action": actions[number], "title": title}, {"kind": kind})

    nova = _operation(academie, s.NOVA, Fund.FSE, pon, specific)
    for number, title, description in s.NOVA_OBJECTIVES:
        _action(nova, Action.Kind.OBJECTIVE, number, title, description, [])

    planete = _operation(academie, s.PLANETE, Fund.FEDER, lorraine, ap07)
    _lines(planete, s.PLANETE_LINES)
    gip = upsert(Partner, {"name": s.GIP_FTLV}, {}, kind=Partner.Kind.GIP)
    university = upsert(
        Partner, {"name": s.UNIVERSITE_DE_LORRAINE}, {}, kind=Partner.Kind.UNIVERSITE
    )
    upsert(
        ConsortiumMember,
        {"operation": planete, "partner": gip},
        {"role": ConsortiumMember.Role.CARRIER, "note": s.CONSORTIUM_NOTE},
    )
    upsert(
        ConsortiumMember,
        {"operation": planete, "partner": university},
        {"role": ConsortiumMember.Role.PARTNER},
    )
    for number, title, text in s.PLANETE_AXES:
        _action(planete, Action.Kind.AXIS, number, title, text, [])

    upsert(
        PortfolioPage,
        {"academie": academie},
        {"title": s.PAGE_TITLE, "updated_on": s.PAGE_UPDATED_ON},
    )


def _objective(programme, kind, code, label):
    return upsert(
        ProgrammeObjective,
        {"programme": programme, "code": code},
        {"kind": kind, "label": label},
    )


def _operation(academie, facts, fund, programme, objective):
    values = {
        "name": facts["name"],
        "acronym": facts.get("acronym", ""),
        "acronym_expansion": facts.get("acronym_expansion", ""),
        "predecessor_name": facts.get("predecessor_name", ""),
        "continuity_note": facts.get("continuity_note", ""),
        "fund": fund,
        "operational_programme": programme,
        "objective": objective,
        "starts_on": facts["starts_on"],
        "ends_on": facts["ends_on"],
        "description": facts["description"],
        "targeted_schools": facts.get("targeted_schools", ""),
        "objectives_intro": facts.get("objectives_intro", ""),
        "actions_intro": facts.get("actions_intro", ""),
        "status": Operation.Status.CLOSED,
        "total_eligible_cost": facts["total_eligible_cost"],
        "plan_status": Operation.PlanStatus.DRAFT,
        "is_public": True,
    }
    return upsert(Operation, {"academie": academie, "slug": facts["slug"]}, values)


def _lines(operation, lines):
    for order, (resource, label, amount) in enumerate(lines, start=1):
        upsert(
            FundingLine,
            {"operation": operation, "order": order},
            {
                "resource": resource,
                "label": label,
                "amount": amount,
                "status": FundingLine.Status.REQUESTED,
            },
        )


def _objectives(operation, aim, objectives):
    texts = [(OperationObjective.Kind.AIM, aim)] + [
        (OperationObjective.Kind.OBJECTIVE, text) for text in objectives
    ]
    for order, (kind, text) in enumerate(texts, start=1):
        upsert(
            OperationObjective,
            {"operation": operation, "order": order},
            {"kind": kind, "text": text},
        )


def _action(operation, kind, number, title, description, objectives):
    action = upsert(
        Action,
        {"operation": operation, "number": number},
        {"kind": kind, "title": title, "description": description},
    )
    for order, text in enumerate(objectives, start=1):
        upsert(ActionObjective, {"action": action, "order": order}, {"text": text})
    return action
