// Tests read JSON responses loosely: `await res.json()` is `any` here, so assertions can reach
// into bodies without a cast at every step (production code keeps `unknown`).
export {};
declare global {
  interface Response {
    json(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}
