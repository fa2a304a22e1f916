/*
 * The gradient panel's second view: the flow of chosen routes over steps instead of the layers'
 * gradient norms. Which view and which routes are page-local choices, kept while the
 * configuration keeps those routes.
 */
import { useMemo, useState } from 'react';
import { routesOf, type RouteId } from '../../model/accessibility/routes';
import { useConfig } from '../LabContext';
import { D3Chart, type Draw } from './Charts';
import { drawFlowChart, routeStyle } from './flowChart';
import { ROUTE_KEY, routeLineStyle, routeWords } from './routeWords';
import { runsToShow } from './series';
import './flowChart.css';

export type NormView = 'layers' | 'routes';

/** The view switch and route choice, for the panel that holds both charts. */
export function useFlowOption() {
  const config = useConfig((s) => s.config);
  const routes = useMemo(() => routesOf(config).map((r) => r.id), [config]);
  const [view, setView] = useState<NormView>('layers');
  const [hidden, setHidden] = useState<ReadonlySet<RouteId>>(new Set());
  const chosen = routes.filter((id) => !hidden.has(id));
  const toggle = (id: RouteId) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return { view, setView, routes, chosen, toggle, layers: config.layers.length };
}

type FlowOption = ReturnType<typeof useFlowOption>;

export function NormViewSwitch({ option }: { option: FlowOption }) {
  return (
    <span className="norm-view" role="group" aria-label="What the chart plots">
      {(['layers', 'routes'] as const).map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={option.view === v}
          onClick={() => option.setView(v)}
        >
          {v === 'layers' ? 'layer gradients' : 'route flow'}
        </button>
      ))}
    </span>
  );
}

/** One checkbox per route of the configuration, with its line's look and its name in words. */
export function RoutePicker({ option }: { option: FlowOption }) {
  return (
    <fieldset className="route-picker" data-testid="route-picker">
      <legend>Routes</legend>
      {option.routes.map((id) => {
        const { colour } = routeStyle(id, option.layers);
        const { dash, width } = routeLineStyle(id);
        return (
          <label key={id} title={routeWords(id, option.layers)}>
            <input
              type="checkbox"
              checked={option.chosen.includes(id)}
              onChange={() => option.toggle(id)}
            />
            <svg className="route-swatch" width="22" height="8" aria-hidden="true">
              <line
                x1="1"
                x2="21"
                y1="4"
                y2="4"
                stroke={colour}
                strokeWidth={width}
                strokeDasharray={dash ?? undefined}
              />
            </svg>
            <span className="route-id">{id}</span>
            <span className="route-words">{routeWords(id, option.layers)}</span>
          </label>
        );
      })}
      <p className="route-key">{ROUTE_KEY}</p>
    </fieldset>
  );
}

export function FlowChart({ option }: { option: FlowOption }) {
  const { chosen, layers } = option;
  const draw: Draw = (svg, state, width, height, purpose) =>
    drawFlowChart(svg, {
      exported: purpose === 'export',
      shown: runsToShow(state.recorder.runs, state.currentRunId),
      routes: chosen,
      layers,
      width,
      height,
    });
  // The chart redraws on new steps only: a new choice of routes draws a new chart.
  return (
    <D3Chart
      key={chosen.join(' ')}
      draw={draw}
      exportAs="flow"
      exportLegend={() =>
        chosen.map((id) => ({
          label: `${id} (${routeWords(id, layers)})`,
          ...routeStyle(id, layers),
        }))
      }
      label="Gradient flow along the chosen routes per training step, log scale, with a lane for routes that carry none"
    />
  );
}
