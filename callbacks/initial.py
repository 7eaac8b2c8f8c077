"""Callbacks the layout answers itself (issue 18): what would run as the page is drawn is run on the server.

Dash runs every callback once when the page is drawn. For this page those runs only restate the URL (the words of
its language, the data version, the detail of the view, its allocation and progress summaries): each cost a round
trip and a redraw of the page while the map was being drawn, on a slow phone ~0.3 s. A callback registered here
(`register`) does not run when the page is drawn (prevent_initial_call); instead `with_initial` runs it on the
layout's own values and writes its outputs into the layout, in the order the callbacks feed each other, as Dash
would have. It still runs as any callback when its inputs change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter

from dash import Dash, Output, no_update
from dash.dependencies import DashDependency
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from layouts.page import components_by_id

Outputs = Output | list[Output] | Mapping[str, Output]


@dataclass(frozen=True)
class Initial:
    function: Callable
    output: Outputs
    inputs: Mapping[str, DashDependency]  # the function's keyword arguments (Input and State alike)

    def targets(self) -> list[tuple[str, str]]:
        return [(o.component_id, o.component_property) for o in _outputs(self.output)]

    def sources(self) -> list[tuple[str, str]]:
        return [(d.component_id, d.component_property) for d in self.inputs.values()]


INITIAL: dict[str, Initial] = {}  # by the function's qualified name (registering for a second app replaces it)


def register(app: Dash, function: Callable, output: Outputs, inputs: Mapping[str, DashDependency]) -> None:
    """`app.callback(output=output, inputs=inputs)(function)`, not run when the page is drawn: with_initial fills
    its outputs into the layout instead."""
    app.callback(output=output, inputs=dict(inputs), prevent_initial_call=True)(function)
    INITIAL[f"{function.__module__}.{function.__qualname__}"] = Initial(function, output, inputs)


def with_initial(tree: Component) -> Component:
    """The layout with every registered callback's outputs for its own values, each run once, after those whose
    outputs it reads. A callback whose input or output is not in the layout is not run (Dash would not run it)
    until a callback puts it there (a `children` output); one that returns no_update or raises PreventUpdate
    leaves the layout as it is."""
    by_target = {target: name for name, cb in INITIAL.items() for target in cb.targets()}
    graph = {name: {by_target[s] for s in cb.sources() if s in by_target} - {name} for name, cb in INITIAL.items()}
    pending = list(TopologicalSorter(graph).static_order())
    found = components_by_id(tree)
    ran = True
    while ran:
        ran = False
        for name in list(pending):
            cb = INITIAL[name]
            if all(element in found for element, _ in [*cb.sources(), *cb.targets()]):
                pending.remove(name)
                _run(cb, found)
                if any(prop == "children" for _, prop in cb.targets()):
                    found = components_by_id(tree)  # with what its `children` brought in
                ran = True
    return tree


def _run(cb: Initial, found: dict[str, Component]) -> None:
    kwargs = {key: getattr(found[d.component_id], d.component_property, None) for key, d in cb.inputs.items()}
    try:
        result = cb.function(**kwargs)
    except PreventUpdate:
        return
    for (element, prop), value in zip(cb.targets(), _values(cb.output, result), strict=True):
        if value is not no_update:
            setattr(found[element], prop, value)


def _outputs(output: Outputs) -> list[Output]:
    if isinstance(output, Output):
        return [output]
    return list(output.values()) if isinstance(output, Mapping) else list(output)


def _values(output: Outputs, result: object) -> list[object]:
    """The result of a callback, one value per output (no_update for the whole result: for each)."""
    count = len(_outputs(output))
    if result is no_update:
        return [no_update] * count
    if isinstance(output, Output):
        return [result]
    if isinstance(output, Mapping):
        return [result[key] for key in output]  # type: ignore[index]
    return list(result)  # type: ignore[call-overload]
