// The parts of jsqubits (MIT, an independent simulator used only as a test and benchmark oracle)
// that we use; the package ships no types.
declare module 'jsqubits' {
  interface Complex {
    readonly real: number;
    readonly imaginary: number;
  }
  interface QState {
    numBits(): number;
    rotateX(bit: number, angle: number): QState;
    rotateY(bit: number, angle: number): QState;
    rotateZ(bit: number, angle: number): QState;
    cnot(control: number, target: number): QState;
    hadamard(bit: number): QState;
    x(bit: number): QState;
    y(bit: number): QState;
    z(bit: number): QState;
    s(bit: number): QState;
    t(bit: number): QState;
    /** diag(1, e^{i·angle}) */
    r(bit: number, angle: number): QState;
    controlledZ(control: number, target: number): QState;
    swap(a: number, b: number): QState;
    controlledXRotation(control: number, target: number, angle: number): QState;
    controlledYRotation(control: number, target: number, angle: number): QState;
    controlledZRotation(control: number, target: number, angle: number): QState;
    amplitude(basis: number): Complex;
  }
  interface Qubits {
    (bits: string): QState;
  }
  const Qubits: Qubits;
  export default Qubits;
}
