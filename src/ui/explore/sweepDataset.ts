import { useEffect, useState } from 'react';
import { datasetId } from '../../data/formats/dataset';
import { datasetLabel, MNIST_DATASET } from '../../data/formats/datasetRef';
import { openDatasetStore } from '../../data/formats/datasetStoreBrowser';
import { parseConfigText } from '../../model/config/configText';
import type { SweepPlan } from '../../model/sweep/sweepPlan';

/*
 * The data a sweep trains on, as Explore names it (its summary, figure and legend) and the chance
 * line its accuracy bars draw: one guess in as many classes as the dataset has.
 */

const MNIST_CLASSES = 10;

/** The dataset every configuration of the plan names (the sweep's base configuration's). */
export function planDataset(plan: Pick<SweepPlan, 'configs'>): string {
  const parsed = plan.configs.length > 0 ? parseConfigText(plan.configs[0]) : null;
  return parsed?.ok ? parsed.config.dataset : MNIST_DATASET;
}

export interface SweepDataset {
  /** MNIST, or the user's `name.hash`. */
  readonly label: string;
  /** Accuracy by guessing: 1 / classes (MNIST's 10 until a user's dataset's count is read). */
  readonly chance: number;
}

/** The dataset's label and chance accuracy; a user's class count is read from this browser's store. */
export function useSweepDataset(dataset: string): SweepDataset {
  // The count read for a user's dataset, kept with its name: another dataset's is never used.
  const [read, setRead] = useState<{ dataset: string; classes: number } | null>(null);
  useEffect(() => {
    if (dataset === MNIST_DATASET) return;
    let live = true;
    openDatasetStore()
      .then((store) => store.list())
      .then((stored) => {
        const info = stored.find((s) => datasetId(s) === dataset);
        if (live && info) setRead({ dataset, classes: info.classes });
      })
      .catch(() => undefined); // no storage: the sweep itself says why it cannot train
    return () => {
      live = false;
    };
  }, [dataset]);
  const classes = read?.dataset === dataset ? read.classes : MNIST_CLASSES;
  return { label: datasetLabel(dataset), chance: 1 / classes };
}
