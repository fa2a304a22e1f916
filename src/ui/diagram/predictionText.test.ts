import { describe, expect, it } from 'vitest';
import { predictionText } from './predictionText';

describe('predictionText', () => {
  it('agrees in number with the count of trainable layers', () => {
    expect(predictionText(1, 1)).toBe('the 1 trainable quanv layer predicted to get gradient');
    expect(predictionText(0, 1)).toBe('0 of 1 trainable quanv layer predicted to get gradient');
    expect(predictionText(3, 3)).toBe('all 3 trainable quanv layers predicted to get gradient');
    expect(predictionText(1, 3)).toBe('1 of 3 trainable quanv layers predicted to get gradient');
    expect(predictionText(0, 0)).toBe('no trainable quanv layer');
  });
});
