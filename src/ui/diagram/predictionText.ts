/*
 * The diagram header's one-line forecast of which trainable quanv layers gradient reaches,
 * in grammatical English for any count ("the 1 trainable quanv layer", not "all 1 … layers").
 */
export function predictionText(reached: number, trainable: number): string {
  if (trainable === 0) return 'no trainable quanv layer';
  const noun = trainable === 1 ? 'trainable quanv layer' : 'trainable quanv layers';
  if (reached >= trainable) {
    return trainable === 1
      ? `the 1 ${noun} predicted to get gradient`
      : `all ${trainable} ${noun} predicted to get gradient`;
  }
  return `${reached} of ${trainable} ${noun} predicted to get gradient`;
}
