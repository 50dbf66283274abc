// Messages between the Descent tab and its worker, which keeps a small two-feature problem and a
// model that it trains one epoch at a time on request (play, pause and step are the page's).

export interface DescentSetup {
  solver: 'batch' | 'sgd' | 'minibatch';
  /** Multiple of the learning rate 'auto' picks. */
  rateFactor: number;
  standardize: boolean;
}

export type DescentRequest = { type: 'setup'; setup: DescentSetup } | { type: 'step'; epochs: number };

/** The MSE over (w1, w2) is wᵀAw − 2bᵀw + c, minimal at wStar (no intercept: the data are centred). */
export interface Surface {
  A: [number, number, number]; // a11, a12, a22
  b: [number, number];
  c: number;
  wStar: [number, number];
  lossStar: number;
  learningRate: number;
  rows: number;
}

export interface PathPoint {
  epoch: number;
  w: [number, number];
  loss: number;
}

export type DescentMessage =
  | { type: 'surface'; surface: Surface; start: PathPoint }
  | { type: 'path'; points: PathPoint[] }
  | { type: 'diverged'; epoch: number; message: string }
  | { type: 'error'; message: string };
