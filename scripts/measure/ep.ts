import { nodeEpochSeconds } from '../bench/epoch';
import { quietTfjs } from '../../src/engine/nodeHost';
import { torchEpoch } from '../bench/peers/torch';
import { DEFAULT_DATA_DIR } from '../../src/data/loadFromDisk';
quietTfjs();
for (let i = 0; i < 3; i++) console.log('node epoch s', (await nodeEpochSeconds('n=2;k=2,2;e=1-2')).toFixed(3), 'torch', torchEpoch(DEFAULT_DATA_DIR, 500, 200).seconds.toFixed(3));
