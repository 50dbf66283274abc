/**
 * readBandwidth: the memory-bandwidth reference of the benchmark. Reads `bytes` bytes at ptr once,
 * in order, with v128 loads into four independent i64x2 accumulators and no other work, so its
 * time is the floor for any kernel that streams the same bytes once. (Integer adds: any bit
 * pattern is valid, and no float assist can slow the reference down.) Returns the folded sum so
 * the loads cannot be dropped. bytes is a multiple of 64; ptr is 16-byte aligned.
 */
export function readBandwidth(ptr: usize, bytes: usize): f64 {
  let acc0 = i64x2.splat(0);
  let acc1 = i64x2.splat(0);
  let acc2 = i64x2.splat(0);
  let acc3 = i64x2.splat(0);
  const end = ptr + bytes;
  for (let p = ptr; p < end; p += 64) {
    acc0 = i64x2.add(acc0, v128.load(p));
    acc1 = i64x2.add(acc1, v128.load(p, 16));
    acc2 = i64x2.add(acc2, v128.load(p, 32));
    acc3 = i64x2.add(acc3, v128.load(p, 48));
  }
  const s = i64x2.add(i64x2.add(acc0, acc1), i64x2.add(acc2, acc3));
  return <f64>(i64x2.extract_lane(s, 0) ^ i64x2.extract_lane(s, 1));
}
