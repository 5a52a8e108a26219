// Names C reserves: its keywords, and the library names a C compiler knows as builtins (declaring
// `exp` or `sqrtf` ourselves would clash with them). Locals and fields with such names are renamed
// with a trailing underscore; module-level names must be renamed in the spec (PN1132).
export const C_KEYWORDS = new Set(
  (
    "auto break case char const continue default do double else enum extern float for goto if inline int long " +
    "register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while " +
    "_Bool _Complex _Imaginary bool true false NULL main"
  ).split(" "),
);

const C_LIBRARY = (
  "abs labs fabs fabsf sqrt sqrtf exp expf exp2 exp2f expm1 log logf log2 log2f log10 log10f log1p pow powf " +
  "sin sinf cos cosf tan tanf asin acos atan atan2 atanf atan2f sinh cosh tanh tanhf floor floorf ceil ceilf round " +
  "roundf trunc truncf rint lrint fmod fmodf fmin fmax fminf fmaxf copysign nan isnan isinf signbit frexp ldexp " +
  "memcpy memset memmove memcmp strlen printf malloc free exit abort assert errno y0 y1 j0 j1 gamma erf erfc"
).split(" ");

export const C_RESERVED = new Set([...C_KEYWORDS, ...C_LIBRARY]);

/** A local, parameter or field name as it appears in C. */
export function cLocalName(name: string): string {
  return C_RESERVED.has(name) || name.startsWith("pn_") ? `${name}_` : name;
}
