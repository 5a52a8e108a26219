"""Integer quantization parameters, derived from float32 scales exactly as TFLM's Prepare does.

Every function takes scales as they are stored in the .tflite (float32) and widens them to double
in the same order of operations as TFLM, so the integers here equal the ones TFLM computes at
Prepare time. The reference (spec/nn) runs on these integers; TFLM runs on its own, so any
difference in derivation shows up as a mismatch in the exactness test.
"""
import math

import numpy as np

I32_MIN = -(1 << 31)


def f32(x):
    """The float32 value of x, as a Python float (double)."""
    return float(np.float32(x))


def tflite_round(x):
    """std::round: halves away from zero."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def quantize_multiplier(d):
    """TFLM QuantizeMultiplier: (Q31 multiplier, shift), shift > 0 meaning a left shift."""
    if d == 0.0:
        return 0, 0
    q, shift = math.frexp(d)
    q_fixed = int(tflite_round(q * (1 << 31)))
    assert q_fixed <= (1 << 31)
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        shift = 0
        q_fixed = 0
    if shift > 30:
        shift = 30
        q_fixed = (1 << 31) - 1
    return q_fixed, shift


def fc_per_channel(in_scale, w_scales, out_scale):
    """FULLY_CONNECTED with per-channel weights: per-row (mult, shift)."""
    mult, shift = [], []
    for ws in w_scales:
        eff = f32(in_scale) * f32(ws) / f32(out_scale)
        m, s = quantize_multiplier(eff)
        mult.append(m)
        shift.append(s)
    return mult, shift


def add_params(s1, z1, s2, z2, so, zo, left_shift=20):
    """ADD/SUB int8 (left_shift 20): the 12-int parameter block of spec/nn/elementwise.ts."""
    s1, s2, so = f32(s1), f32(s2), f32(so)
    twice_max = 2 * max(s1, s2)
    m1, sh1 = quantize_multiplier(s1 / twice_max)
    m2, sh2 = quantize_multiplier(s2 / twice_max)
    mo, sho = quantize_multiplier(twice_max / ((1 << left_shift) * so))
    return [-z1, -z2, left_shift, m1, sh1, m2, sh2, mo, sho, zo, -128, 127]


def mul_params(s1, z1, s2, z2, so, zo):
    """MUL int8: the 7-int parameter block of spec/nn/elementwise.ts."""
    m, sh = quantize_multiplier(f32(s1) * f32(s2) / f32(so))
    return [-z1, -z2, m, sh, zo, -128, 127]


def _frexp_q31(d):
    q, e = math.frexp(d)
    m = int(tflite_round(q * (1 << 31)))
    if m >= (1 << 31):  # static_cast<int32_t> of 2^31 on x86
        m = I32_MIN
    return m, e


def input_radius(integer_bits, left_shift, total_bits=31):
    """TFLM CalculateInputRadius."""
    v = 1.0 * ((1 << integer_bits) - 1) * (1 << (total_bits - integer_bits)) / (1 << left_shift)
    return int(math.floor(v))


def act8_params(in_scale, in_zp):
    """LOGISTIC/TANH int8 (4 integer bits): [zero point, radius, multiplier, left shift]."""
    d = f32(in_scale) * float(1 << 27)
    m, e = _frexp_q31(d)
    return [in_zp, input_radius(4, e), m, e]


def checked_log2(x):
    l = math.log(x) / math.log(2.0)
    r = round(l)
    return abs(l - r) < 1e-3, int(r)


def act16_params(in_scale, kind):
    """LOGISTIC/TANH int16: [multiplier, left shift] as TFLM's Prepare computes them."""
    s = f32(in_scale)
    pot, l2 = checked_log2(s)
    left = 12 + l2
    if kind == "logistic":
        pot = pot and left == 0
    else:
        pot = pot and (left == 0 or left == 1)
    if pot:
        return [0, left]
    mult = s * 4096.0 * 3.0
    left = 0
    while mult <= 32767.0 / 2.0 and left <= 30:
        left += 1
        mult *= 2.0
    return [int(mult), left]
