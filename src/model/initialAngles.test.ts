import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsOpSimulator } from '../sim/tfjsOps/tfjsOpSimulator';
import { parseConfigText } from './config/configText';
import { initialAngles } from './initialAngles';
import { ResQuNN } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('initialAngles', () => {
  it.each(['n=2;k=2,3;d=2,1;a=randomlayers,strong;seed=7', 'n=3;k=2,2,2;t=1,0,1;seed=3'])(
    'are the angles a new network starts from: %s',
    (text) => {
      const parsed = parseConfigText(text);
      if (!parsed.ok) throw new Error(parsed.errors[0].message);
      const model = new ResQuNN(parsed.config, createTfjsOpSimulator());
      try {
        const ours = initialAngles(parsed.config);
        expect(ours).toHaveLength(model.quanv.length);
        model.quanv.forEach((q, i) => expect(ours[i]).toEqual(q.angles.dataSync()));
      } finally {
        model.dispose();
      }
    },
  );
});
