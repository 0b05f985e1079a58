"""Editing an operation on one page (issue 12, points 2, 3, 5): the operation with its plan
lines, actions and consortium saved together or not at all, the plan's validation, and the
history of each edit."""

import datetime
import html
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from funding import history, services
from funding.models import Action, ConsortiumMember, FundingLine, Operation
from programmes.models import Partner
from tests.factories import (
    ActionFactory,
    ActionObjectiveFactory,
    ConsortiumMemberFactory,
    FundingLineFactory,
    FundingPartnerFactory,
    ProgrammeObjectiveFactory,
)


def formset(prefix, rows, initial):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is False or value is None:
                continue
            data[f"{prefix}-{i}-{key}"] = str(value)
    return data


def line_row(line, **changes):
    row = {
        "id": line.pk,
        "resource": line.resource,
        "label": line.label,
        "status": line.status,
        "amount": line.amount,
        "order": line.order,
    }
    row.update(changes)
    return row


def payload(operation, *, lines=None, actions=None, members=None, **fields):
    """The whole page as posted: the operation's fields as they are (or `fields`), and its
    rows as they are unless given (existing rows first, then new ones)."""
    data = {
        "name": operation.name,
        "acronym": operation.acronym,
        "acronym_expansion": operation.acronym_expansion,
        "predecessor": operation.predecessor_id or "",
        "predecessor_name": operation.predecessor_name,
        "continuity_note": operation.continuity_note,
        "fund": operation.fund,
        "operational_programme": operation.operational_programme_id,
        "objective_code": operation.objective.code,
        "starts_on": operation.starts_on.isoformat(),
        "ends_on": operation.ends_on.isoformat(),
        "status": operation.status,
        "description": operation.description,
        "targeted_schools": operation.targeted_schools,
        "total_eligible_cost": ""
        if operation.total_eligible_cost is None
        else operation.total_eligible_cost,
        "is_public": "on",
        "aim": "",
        "objectives_text": "",
    }
    data.update(fields)
    if lines is None:
        lines = [line_row(line) for line in operation.lines.all()] if operation.pk else []
    if actions is None:
        actions = (
            [
                {
                    "id": a.pk,
                    "kind": a.kind,
                    "number": a.number,
                    "title": a.title,
                    "description": a.description,
                    "budget_share": "" if a.budget_share is None else a.budget_share,
                    "objectives_text": "\n".join(o.text for o in a.objectives.all()),
                }
                for a in operation.actions.all()
            ]
            if operation.pk
            else []
        )
    if members is None:
        members = (
            [
                {
                    "id": m.pk,
                    "partner": m.partner_id,
                    "role": m.role,
                    "joined_on": m.joined_on.isoformat() if m.joined_on else "",
                    "note": m.note,
                }
                for m in operation.members.all()
            ]
            if operation.pk
            else []
        )
    for prefix, rows in (("lignes", lines), ("actions", actions), ("membres", members)):
        data.update(formset(prefix, rows, sum(1 for row in rows if row.get("id"))))
    return {key: value for key, value in data.items() if value is not None}


def edit_url(operation):
    return reverse("funding:edit", args=[operation.pk])


def page(response):
    """The page's text, its entities read (« l'Union », non-breaking spaces)."""
    return html.unescape(response.content.decode())


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- saving ---------------------------------------------------------------------------------
def test_edit_saves_the_operation_its_lines_actions_and_members_together(
    client, administrator, numavenir
):
    partner = FundingPartnerFactory(name="Rectorat de l'académie de Nancy-Metz", kind="academie")
    client.force_login(administrator)
    first, second = numavenir.lines.all()
    data = payload(
        numavenir,
        name="Numavenir Ambition 21 (modifiée)",
        aim="Au plus 9,5 % de sortants précoces",
        objectives_text="Premier objectif\nDeuxième objectif",
        lines=[
            line_row(first),
            line_row(second),
            {
                "resource": "self_funding",
                "label": "",
                "status": "agreed",
                "amount": "0",
                "order": 3,
            },
        ],
        actions=[
            {
                "kind": "action",
                "number": 1,
                "title": "Prévenir le décrochage",
                "budget_share": "100000.00",
                "objectives_text": "Repérer\nAccompagner\nSuivre",
            }
        ],
        members=[
            {"partner": partner.pk, "role": "carrier", "joined_on": "2019-05-01"},
            {"new_partner_name": "GIP FTLV", "new_partner_kind": "gip", "role": "partner"},
        ],
    )

    response = client.post(edit_url(numavenir), data)

    assert response.status_code == 302
    numavenir.refresh_from_db()
    assert numavenir.name == "Numavenir Ambition 21 (modifiée)"
    assert numavenir.lines.count() == 3
    action = numavenir.actions.get()
    assert [o.text for o in action.objectives.all()] == ["Repérer", "Accompagner", "Suivre"]
    assert [(o.kind, o.text) for o in numavenir.objectives.all()] == [
        ("aim", "Au plus 9,5 % de sortants précoces"),
        ("objective", "Premier objectif"),
        ("objective", "Deuxième objectif"),
    ]
    assert sorted(numavenir.members.values_list("partner__name", "role")) == [
        ("GIP FTLV", "partner"),
        ("Rectorat de l'académie de Nancy-Metz", "carrier"),
    ]
    assert Partner.objects.get(name="GIP FTLV").kind == "gip"


def test_edit_replaces_an_actions_objectives_in_the_typed_order(client, administrator, numavenir):
    action = ActionFactory(operation=numavenir, number=1, title="Action 1")
    ActionObjectiveFactory(action=action, order=1, text="Ancien premier")
    ActionObjectiveFactory(action=action, order=2, text="Ancien second")
    client.force_login(administrator)
    data = payload(numavenir)
    data["actions-0-objectives_text"] = "Nouveau premier\n\nAncien premier\nTroisième"

    client.post(edit_url(numavenir), data)

    assert list(action.objectives.values_list("order", "text")) == [
        (1, "Nouveau premier"),
        (2, "Ancien premier"),
        (3, "Troisième"),
    ]


def test_create_saves_a_new_operation_in_the_administrators_academie(
    client, administrator, nancy_metz
):
    objective = ProgrammeObjectiveFactory(code="AP07", label="Axe 7")
    client.force_login(administrator)
    template = Operation(
        name="PLANETE",
        fund="fse_feder",
        operational_programme=objective.programme,
        objective=objective,
        starts_on=datetime.date(2019, 10, 1),
        ends_on=datetime.date(2023, 12, 31),
        status="planned",
        total_eligible_cost=Decimal("4809825.00"),
    )
    data = payload(
        template,
        lines=[
            {"resource": "eu_aid", "status": "requested", "amount": "2851925", "order": 1},
            {"resource": "regional_aid", "status": "requested", "amount": "50000", "order": 2},
            {
                "resource": "valorisation_self",
                "status": "requested",
                "amount": "1907900",
                "order": 3,
            },
        ],
    )

    response = client.post(reverse("funding:create"), data)

    operation = Operation.objects.get(name="PLANETE")
    assert response["Location"] == reverse("funding:detail", args=[operation.pk])
    assert operation.academie == nancy_metz
    assert operation.slug == "planete"
    assert operation.objective == objective
    assert operation.lines.count() == 3


def test_create_posted_twice_is_saved_once(client, administrator, nancy_metz):
    objective = ProgrammeObjectiveFactory(code="AP07", label="Axe 7")
    client.force_login(administrator)
    template = Operation(
        name="PLANETE",
        fund="fse",
        operational_programme=objective.programme,
        objective=objective,
        starts_on=datetime.date(2019, 10, 1),
        ends_on=datetime.date(2023, 12, 31),
        status="planned",
    )
    data = payload(template, submission_token="0b7f3c1e-8f4e-4a53-9d55-4f6cf1c2d111")

    client.post(reverse("funding:create"), data)
    response = client.post(reverse("funding:create"), data)

    assert Operation.objects.filter(name="PLANETE").count() == 1
    assert response.status_code == 302


# --- bad inputs: nothing saved --------------------------------------------------------------
def bad_line_amount(operation, amount):
    first, second = operation.lines.all()
    return payload(
        operation, name="Changé", lines=[line_row(first, amount=amount), line_row(second)]
    )


@pytest.mark.parametrize(
    "make_data, message",
    [
        (lambda op: bad_line_amount(op, "-5.00"), "Un montant ne peut pas être négatif."),
        (
            lambda op: bad_line_amount(op, "601409.905"),
            "Indiquez le montant au centime près (deux décimales au plus).",
        ),
        (
            lambda op: payload(op, name="Changé", total_eligible_cost="-1"),
            "Le coût total éligible ne peut pas être négatif.",
        ),
        (
            lambda op: payload(op, name="Changé", starts_on="2022-01-01", ends_on="2021-12-31"),
            "La fin de l'opération ne peut pas précéder son début.",
        ),
        (
            lambda op: payload(op, name="Changé", objective_code="AP99"),
            "Le code AP99 n'existe pas dans le programme opérationnel "
            "«\u00a0PON FSE 2014-2020\u00a0».",
        ),
        (
            lambda op: payload(
                op,
                name="Changé",
                members=[
                    {"new_partner_name": "GIP FTLV", "new_partner_kind": "gip", "role": "carrier"},
                    {
                        "new_partner_name": "Rectorat",
                        "new_partner_kind": "academie",
                        "role": "carrier",
                    },
                ],
            ),
            "Une opération n'a qu'un seul porteur.",
        ),
        (
            lambda op: payload(
                op,
                name="Changé",
                actions=[
                    {"kind": "action", "number": 1, "title": "A", "budget_share": "1000000"},
                    {"kind": "action", "number": 2, "title": "B", "budget_share": "2909.91"},
                ],
            ),
            "Les parts du budget des actions dépassent le coût total éligible de 0,01\u00a0€.",
        ),
        (
            lambda op: payload(
                op,
                name="Changé",
                actions=[
                    {"kind": "action", "number": 1, "title": "A"},
                    {"kind": "axis", "number": 1, "title": "B"},
                ],
            ),
            "Deux actions ou axes portent le même numéro\u00a0: 1.",
        ),
    ],
    ids=[
        "negative",
        "three-decimals",
        "negative-total",
        "end-before-start",
        "unknown-code",
        "two-carriers",
        "shares-over-total",
        "duplicate-numbers",
    ],
)
def test_edit_with_a_bad_input_saves_nothing(client, administrator, numavenir, make_data, message):
    client.force_login(administrator)
    lines_before = list(numavenir.lines.values_list("amount", flat=True))

    response = client.post(edit_url(numavenir), make_data(numavenir))

    assert response.status_code == 200
    assert message in page(response)
    assert "Rien n'a été enregistré" in page(response)
    numavenir.refresh_from_db()
    assert numavenir.name == "Numavenir Ambition 21"
    assert list(numavenir.lines.values_list("amount", flat=True)) == lines_before
    assert not Action.objects.filter(operation=numavenir).exists()
    assert not ConsortiumMember.objects.filter(operation=numavenir).exists()
    assert not Partner.objects.filter(name="GIP FTLV").exists()


# --- the plan -------------------------------------------------------------------------------
def test_unbalanced_plan_is_saved_as_draft_with_a_warning(client, administrator, numavenir):
    client.force_login(administrator)
    first, second = numavenir.lines.all()
    data = payload(numavenir, lines=[line_row(first, amount="601409.91"), line_row(second)])

    response = client.post(edit_url(numavenir), data, follow=True)

    assert FundingLine.objects.get(pk=first.pk).amount == Decimal("601409.91")
    assert (
        "Le plan de financement est enregistré comme brouillon mais il est déséquilibré "
        "(les lignes dépassent le coût total de 0,01\u00a0€)."
    ) in texts(response)
    text = page(response)
    assert "Plan déséquilibré" in text
    assert "les lignes dépassent le coût total de 0,01\u00a0€" in text


def test_validation_is_refused_for_nova_until_its_plan_balances(client, administrator, fa_nova):
    client.force_login(administrator)
    url = reverse("funding:validate_plan", args=[fa_nova.pk])

    refused = client.post(url, follow=True)

    assert (
        "Le plan de financement est incomplet\u00a0: indiquez le coût total éligible et "
        "ses lignes avant de le valider."
    ) in texts(refused)
    fa_nova.refresh_from_db()
    assert fa_nova.plan_status == "draft"

    client.post(
        edit_url(fa_nova),
        payload(
            fa_nova,
            lines=[{"resource": "eu_aid", "status": "requested", "amount": "300000", "order": 1}],
        ),
    )
    still_refused = client.post(url, follow=True)
    assert (
        "Le plan de financement n'est pas équilibré (il manque 227\u00a0500,00\u00a0€)\u00a0: "
        "il ne peut pas être validé."
    ) in texts(still_refused)

    client.post(
        edit_url(fa_nova),
        payload(
            fa_nova,
            lines=[
                line_row(fa_nova.lines.get()),
                {"resource": "valorisation", "status": "requested", "amount": "227500", "order": 2},
            ],
        ),
    )
    accepted = client.post(url, follow=True)

    assert "Le plan de financement est validé." in texts(accepted)
    fa_nova.refresh_from_db()
    assert fa_nova.plan_status == "validated"


def test_validation_is_refused_over_the_programmes_ceiling(client, administrator, numavenir):
    programme = numavenir.operational_programme
    programme.eu_rate_ceiling = Decimal("50.00")
    programme.save()
    client.force_login(administrator)

    response = client.post(reverse("funding:validate_plan", args=[numavenir.pk]), follow=True)

    assert (
        "Le taux d'intervention de l'Union européenne (59,97\u00a0%) dépasse le plafond du "
        "programme (50,00\u00a0%)\u00a0: le plan ne peut pas être validé."
    ) in texts(response)
    numavenir.refresh_from_db()
    assert numavenir.plan_status == "draft"


def test_validation_needs_a_post(client, administrator, numavenir):
    client.force_login(administrator)

    response = client.get(reverse("funding:validate_plan", args=[numavenir.pk]))

    assert response.status_code == 405


def test_editing_a_validated_plans_lines_puts_it_back_to_draft(client, administrator, numavenir):
    services.validate_plan(operation=numavenir, by=administrator)
    client.force_login(administrator)
    first, second = numavenir.lines.all()

    response = client.post(
        edit_url(numavenir),
        payload(numavenir, lines=[line_row(first, status="agreed"), line_row(second)]),
        follow=True,
    )

    numavenir.refresh_from_db()
    assert numavenir.plan_status == "draft"
    assert (
        "Le plan de financement ayant changé, il est repassé en brouillon\u00a0: "
        "validez-le de nouveau."
    ) in texts(response)


def test_editing_a_validated_operations_description_keeps_its_plan_validated(
    client, administrator, numavenir
):
    services.validate_plan(operation=numavenir, by=administrator)
    client.force_login(administrator)

    client.post(edit_url(numavenir), payload(numavenir, description="Nouvelle description"))

    numavenir.refresh_from_db()
    assert numavenir.description == "Nouvelle description"
    assert numavenir.plan_status == "validated"


def test_reopen_puts_a_validated_plan_back_to_draft(client, administrator, numavenir):
    services.validate_plan(operation=numavenir, by=administrator)
    client.force_login(administrator)

    response = client.post(reverse("funding:reopen_plan", args=[numavenir.pk]), follow=True)

    numavenir.refresh_from_db()
    assert numavenir.plan_status == "draft"
    assert "Le plan de financement est repassé en brouillon." in texts(response)


# --- history ----------------------------------------------------------------------------------
def test_history_shows_a_lines_amount_before_and_after(client, administrator, numavenir):
    client.force_login(administrator)
    first, second = numavenir.lines.all()

    client.post(
        edit_url(numavenir),
        payload(numavenir, lines=[line_row(first, amount="601000.00"), line_row(second)]),
    )
    response = client.get(reverse("funding:detail", args=[numavenir.pk]))

    entry = response.context["history"][0]
    assert (entry.kind, entry.subject, entry.name) == (
        "Modification",
        "Ligne du plan",
        "Aide de l'Union européenne",
    )
    assert entry.who == administrator
    assert [(c.label, c.before, c.after) for c in entry.changes] == [
        ("montant (€)", "601\u00a0409,90\u00a0€", "601\u00a0000,00\u00a0€")
    ]
    text = page(response)
    assert "Ligne du plan\u00a0: Aide de l'Union européenne" in text
    assert "par Sophie Lambert" in text


def test_history_shows_a_deleted_line_with_its_last_values(client, administrator, numavenir):
    client.force_login(administrator)
    first, second = numavenir.lines.all()

    client.post(
        edit_url(numavenir),
        payload(numavenir, lines=[line_row(first), line_row(second, DELETE=True)]),
    )

    entries, _count = history.history(numavenir)
    deletion = entries[0]
    assert (deletion.kind, deletion.name, deletion.who) == (
        "Suppression",
        "Valorisation des postes Rectorat",
        administrator,
    )
    assert ("montant (€)", "401\u00a0500,00\u00a0€") in [
        (c.label, c.after) for c in deletion.changes
    ]


def test_history_names_the_author_of_a_change_made_outside_a_request(administrator, numavenir):
    services.validate_plan(operation=numavenir, by=administrator)

    entries, _count = history.history(numavenir)

    assert entries[0].who == administrator
    assert [(c.name, c.before, c.after) for c in entries[0].changes] == [
        ("plan_status", "Brouillon", "Validé")
    ]


def test_history_records_members_and_action_objectives(client, administrator, numavenir):
    member = ConsortiumMemberFactory(operation=numavenir, role="carrier")
    action = ActionFactory(operation=numavenir, number=1)
    client.force_login(administrator)
    data = payload(numavenir)
    data["membres-0-role"] = "partner"
    data["actions-0-objectives_text"] = "Un objectif"

    client.post(edit_url(numavenir), data)

    entries, _count = history.history(numavenir)
    subjects = {(e.subject, e.name) for e in entries[:2]}
    assert subjects == {
        ("Membre du consortium", member.partner.name),
        ("Objectif d'une action", "Un objectif"),
    }
    assert action.objectives.count() == 1


def test_history_is_limited_with_a_link_to_show_everything(client, administrator, numavenir):
    for n in range(51):
        FundingLineFactory(operation=numavenir, order=10 + n, amount=Decimal("1.00"))
    client.force_login(administrator)
    url = reverse("funding:detail", args=[numavenir.pk])

    limited = client.get(url)
    everything = client.get(url, {"historique": "tout"})

    assert len(limited.context["history"]) == 50
    assert "?historique=tout#historique" in limited.content.decode()
    assert len(everything.context["history"]) == everything.context["history_count"] > 50


def test_edit_refuses_a_code_of_another_programme(client, administrator, numavenir):
    other = ProgrammeObjectiveFactory(
        programme__name="PO FEDER-FSE Lorraine et massif des Vosges 2014-2020",
        code="AP07",
        label="Axe 7",
    )
    client.force_login(administrator)

    response = client.post(edit_url(numavenir), payload(numavenir, objective_code="AP07"))

    assert (
        "Le code AP07 n'existe pas dans le programme opérationnel «\u00a0PON FSE 2014-2020\u00a0»."
    ) in page(response)
    numavenir.refresh_from_db()
    assert numavenir.objective != other


def test_edit_hands_the_carrier_role_to_another_member(client, administrator, numavenir):
    first = ConsortiumMemberFactory(operation=numavenir, role="carrier")
    second = ConsortiumMemberFactory(operation=numavenir, role="partner")
    client.force_login(administrator)
    data = payload(numavenir)
    roles = {data[f"membres-{i}-id"]: i for i in range(2)}
    data[f"membres-{roles[str(first.pk)]}-role"] = "partner"
    data[f"membres-{roles[str(second.pk)]}-role"] = "carrier"

    response = client.post(edit_url(numavenir), data)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.role, second.role) == ("partner", "carrier")
