//! The dense kernels under the forward and backward passes, and their SIMD dispatch.
//!
//! Every product-sum in the network, `z = W·x`, `dx = Wᵀ·dz` and `dW = dz·xᵀ`, is one call
//! of [`accumulate`]. Each output value is a sum whose terms are added in a fixed order, so
//! the bits never depend on the batch size, the blocking or the vector width; the vector
//! lanes run across independent sums instead. Blocks of lanes stay in registers across all
//! the terms, and two output rows share each load of the input.

/// The dimensions of one [`accumulate`] call, all matrices stored row by row.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    /// Rows of `out` and of `coefs`.
    pub outputs: usize,
    /// Columns of `coefs`, rows of `src`: the summation index.
    pub terms: usize,
    /// Columns of `out` and of `src`: independent sums, one per vector lane.
    pub lanes: usize,
}

/// `out[u][i] += Σ_t coefs[u][t] · src[t][i]` for every output row `u` and lane `i`, with
/// the terms added in `t` order onto the value already in `out`.
#[inline(always)]
pub(crate) fn accumulate(out: &mut [f64], coefs: &[f64], src: &[f64], shape: Shape) {
    let out = &mut out[..shape.outputs * shape.lanes];
    let coefs = &coefs[..shape.outputs * shape.terms];
    let src = &src[..shape.terms * shape.lanes];
    let mut start = 0;
    while start < shape.lanes {
        let width = block_width(shape.lanes - start);
        match width {
            8 => lane_block::<8>(out, coefs, src, shape, start),
            4 => lane_block::<4>(out, coefs, src, shape, start),
            2 => lane_block::<2>(out, coefs, src, shape, start),
            _ => lane_block::<1>(out, coefs, src, shape, start),
        }
        start += width;
    }
}

/// The width of the next block of lanes with `remaining` left: eights while they fit, then
/// 4, 2, 1 (a batch of 10 is a block of 8 and one of 2). Two rows of eight f64 take eight
/// of SSE2's (or wasm SIMD's) 16 vector registers, leaving room for the operands.
fn block_width(remaining: usize) -> usize {
    match remaining {
        8.. => 8,
        4..=7 => 4,
        2 | 3 => 2,
        _ => 1,
    }
}

/// Lanes `start..start + B` of every output row, two rows at a time.
#[inline(always)]
fn lane_block<const B: usize>(
    out: &mut [f64],
    coefs: &[f64],
    src: &[f64],
    shape: Shape,
    start: usize,
) {
    let Shape {
        outputs,
        terms,
        lanes,
    } = shape;
    let mut u = 0;
    while u + 2 <= outputs {
        let (c0, c1) = coefs[u * terms..(u + 2) * terms].split_at(terms);
        let (mut a0, mut a1) = (
            load::<B>(out, u * lanes + start),
            load::<B>(out, (u + 1) * lanes + start),
        );
        // Row `t` of `src` starts at `t · lanes`; stepping an offset avoids a division.
        let mut at = start;
        for (&w0, &w1) in c0.iter().zip(c1) {
            let x: &[f64; B] = src[at..at + B].try_into().expect("block width");
            at += lanes;
            for i in 0..B {
                a0[i] += w0 * x[i];
                a1[i] += w1 * x[i];
            }
        }
        out[u * lanes + start..][..B].copy_from_slice(&a0);
        out[(u + 1) * lanes + start..][..B].copy_from_slice(&a1);
        u += 2;
    }
    if u < outputs {
        let c0 = &coefs[u * terms..(u + 1) * terms];
        let mut a0 = load::<B>(out, u * lanes + start);
        let mut at = start;
        for &w0 in c0 {
            let x: &[f64; B] = src[at..at + B].try_into().expect("block width");
            at += lanes;
            for i in 0..B {
                a0[i] += w0 * x[i];
            }
        }
        out[u * lanes + start..][..B].copy_from_slice(&a0);
    }
}

#[inline(always)]
fn load<const B: usize>(values: &[f64], at: usize) -> [f64; B] {
    values[at..at + B].try_into().expect("block width")
}

/// Transposes a `rows × cols` matrix stored row by row into `out` (`cols × rows`).
pub fn transpose(src: &[f64], rows: usize, cols: usize, out: &mut Vec<f64>) {
    if out.len() != rows * cols {
        out.resize(rows * cols, 0.0);
    }
    if cols == 0 {
        return;
    }
    for (i, row) in src[..rows * cols].chunks(cols).enumerate() {
        for (k, &v) in row.iter().enumerate() {
            out[k * rows + i] = v;
        }
    }
}

/// Runs `kernel` compiled for AVX2 when the CPU has it, else as compiled for the target.
///
/// The same Rust code either way: AVX2 only widens the vector registers (four f64 lanes
/// instead of SSE2's two). Each lane still performs the same correctly rounded `+ − × ÷`
/// in the same order, and Rust never fuses them into FMA, so the results are identical to
/// the bit. Elsewhere (wasm) `kernel` simply runs. Callers mark the closure
/// `#[inline(always)]` so that its body is compiled inside the AVX2 function.
#[inline(always)]
pub(crate) fn wide<R>(kernel: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `with_avx2` only requires the AVX2 instructions, present as just checked.
        return unsafe { with_avx2(kernel) };
    }
    kernel()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn with_avx2<R>(kernel: impl FnOnce() -> R) -> R {
    kernel()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain triple loop, one sum at a time in term order.
    fn reference(out: &mut [f64], coefs: &[f64], src: &[f64], s: Shape) {
        for u in 0..s.outputs {
            for i in 0..s.lanes {
                for t in 0..s.terms {
                    out[u * s.lanes + i] += coefs[u * s.terms + t] * src[t * s.lanes + i];
                }
            }
        }
    }

    #[test]
    fn accumulate_matches_the_plain_loop_to_the_bit() {
        let mut rng = crate::rng::Rng::new(5);
        for (outputs, terms, lanes) in [(1, 1, 1), (3, 5, 10), (8, 2, 250), (2, 8, 3), (5, 7, 17)] {
            let s = Shape {
                outputs,
                terms,
                lanes,
            };
            let coefs: Vec<f64> = (0..outputs * terms).map(|_| rng.range(-1.0, 1.0)).collect();
            let src: Vec<f64> = (0..terms * lanes).map(|_| rng.range(-3.0, 3.0)).collect();
            let init: Vec<f64> = (0..outputs * lanes).map(|_| rng.range(-1.0, 1.0)).collect();
            let (mut plain, mut widened, mut slow) = (init.clone(), init.clone(), init);
            accumulate(&mut plain, &coefs, &src, s);
            wide(
                #[inline(always)]
                || accumulate(&mut widened, &coefs, &src, s),
            );
            reference(&mut slow, &coefs, &src, s);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&plain), bits(&slow), "{s:?}");
            assert_eq!(bits(&widened), bits(&slow), "{s:?}");
        }
    }

    #[test]
    fn transpose_swaps_rows_and_columns() {
        let mut out = Vec::new();
        transpose(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3, &mut out);
        assert_eq!(out, vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
