"""Undo commands against another writer: an import or a second window stores spans and
links meanwhile, and SQLite hands them the ids an undo remembers."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import NewDocument, NewSpan
from annotator.core.store.project import Project
from annotator.gui.controller import AnnotationController
from annotator.gui.undo import AddSpan, RemoveSpan, SetSource

TEXT = "Trump said the talks failed."


def _setup(path: Path) -> tuple[Project, AnnotationController, int]:
    project = Project.open(path)
    with project.transaction():
        doc = project.documents.add(
            NewDocument("d1", "t", "other", TEXT, TEXT, None, "none", {}, "x")
        )
    controller = AnnotationController(project, "ana")
    controller.open_document(doc)
    return project, controller, doc


def test_undoing_a_tag_whose_id_was_reused_removes_that_tag_not_its_neighbour(qapp, tmp_path):
    project, c, doc = _setup(tmp_path / "p.seedproj")
    stack = c.undo_stack
    stack.push(AddSpan(c, doc, "claim", 0, 5))
    stack.push(AddSpan(c, doc, "actor", 0, 5))  # same text, another label
    actor = max(c.spans)
    stack.push(RemoveSpan(c, c.spans[actor]))
    with project.transaction():  # another writer takes the freed id
        other = project.spans.add(doc, "ana", NewSpan("actor", 11, 16, TEXT[11:16]))
    assert other.id == actor
    stack.undo()  # the actor back, under a new id
    stack.undo()  # and the tag undone: the actor goes, the claim stays
    left = {(s.label, s.start, s.end) for s in project.spans.for_document(doc, "ana")}
    assert left == {("claim", 0, 5), ("actor", 11, 16)}
    project.close()


def test_undoing_a_removal_whose_link_id_was_taken_restores_span_and_link(qapp, tmp_path):
    project, c, doc = _setup(tmp_path / "p.seedproj")
    errors: list[str] = []
    c.error.connect(errors.append)
    stack = c.undo_stack
    stack.push(AddSpan(c, doc, "actor", 0, 5))
    actor = max(c.spans)
    stack.push(AddSpan(c, doc, "claim", 11, 27))
    claim = max(c.spans)
    stack.push(SetSource(c, claim, actor))
    stack.push(RemoveSpan(c, c.spans[actor]))  # its link goes with it
    with project.transaction():  # another writer's link takes the freed relation id
        g1 = project.spans.add(doc, "gold", NewSpan("actor", 0, 5, "Trump"))
        g2 = project.spans.add(doc, "gold", NewSpan("claim", 11, 27, TEXT[11:27]))
        project.spans.add_relation(g2.id, g1.id, "said_by")
    stack.undo()
    assert errors == []
    mine = {s.label: s for s in project.spans.for_document(doc, "ana")}
    assert set(mine) == {"actor", "claim"}
    [link] = project.spans.relations_for(doc, "ana")
    assert (link.head_id, link.tail_id) == (mine["claim"].id, mine["actor"].id)
    assert c.sources == {mine["claim"].id: mine["actor"].id}
    project.close()
