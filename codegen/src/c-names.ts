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

/**
 * Macro and type names of the headers generated code includes (<float.h>, <stdint.h>,
 * <stdbool.h>, pn_rt.h), and the names C reserves for the implementation: a variable named
 * FLT_EPSILON or INT16_MAX would be replaced by the preprocessor, one named int32_t would hide
 * the type.
 */
const C_HEADER_NAME =
  /^(?:(?:FLT|DBL|LDBL)_[A-Z0-9_]+|DECIMAL_DIG|U?INT(?:8|16|32|64|PTR|MAX|_LEAST\d+|_FAST\d+)?_(?:MIN|MAX|C)|(?:PTRDIFF|SIG_ATOMIC|SIZE|WCHAR|WINT)_(?:MIN|MAX)|u?int(?:8|16|32|64|ptr|max|_least\d+|_fast\d+)_t|__bool_true_false_are_defined|PN_\w*|pn_\w*|__\w*|_[A-Z]\w*)$/;

/** Whether a name cannot be used as is in generated C. */
export function isCReserved(name: string): boolean {
  return C_RESERVED.has(name) || C_HEADER_NAME.test(name);
}

/** A local, parameter or field name as it appears in C. */
export function cLocalName(name: string): string {
  return isCReserved(name) ? `${name}_` : name;
}

/**
 * The C name of a module-level function, state-init function or variable with storage: `pn_` and
 * the spec's name, so that a library built from the generated C exports only `pn_` symbols and
 * cannot clash with a product's own `postfilter` or `fft_init`. (Spec names cannot start with
 * `pn_` themselves: isCReserved.) Compile-time constants (enums, static const scalars) keep the
 * spec's name: they have no linkage.
 */
export function cSymbolName(specName: string): string {
  return `pn_${specName}`;
}
