"""Write a network description as a .tflite flatbuffer that TFLM runs (tflite-micro's model_editor).

Graph inputs: the features, then every state tensor (convolution histories, GRU states).
Graph outputs: the description's outputs, then (with expose_layers) every layer's output, then
each state's next value, named "<state>.next". A runner feeds output "<s>.next" back to input
"<s>" after each frame. All tensors are int8.
"""
import numpy as np

from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

from . import arch

T = tfl.TensorType
OP = tfl.BuiltinOperator


class Graph:
    def __init__(self, desc, blob):
        self.desc = desc
        self.blob = blob
        self.tensors = {}
        self.sg = me.Subgraph()
        self.ops = []

    def t(self, name):
        """The int8 activation tensor NAME, created on first use."""
        if name not in self.tensors:
            d = self.desc["tensors"][name]
            self.tensors[name] = me.Tensor(shape=(1, d["size"]), dtype=T.INT8, name=name,
                                           quantization=me.Quantization(d["scale"], d["zero_point"]))
        return self.tensors[name]

    def new(self, name, like):
        d = self.desc["tensors"][like]
        t = me.Tensor(shape=(1, d["size"]), dtype=T.INT8, name=name,
                      quantization=me.Quantization(d["scale"], d["zero_point"]))
        self.tensors[name] = t
        return t

    def const(self, name, arr, quant=None, dtype=None):
        return me.Tensor(shape=arr.shape, dtype=dtype, data=np.ascontiguousarray(arr), name=name, quantization=quant)

    def op(self, code, inputs, outputs, opt_type=None, opt=None):
        o = me.Operator(opcode=code, inputs=inputs, outputs=outputs)
        if opt is not None:
            o._fb.builtinOptionsType = opt_type
            o._fb.builtinOptions = opt
        self.ops.append(o)
        return o

    # ------------------------------------------------------------------ ops
    def fc(self, f, input_name=None):
        w = arch.get_array(self.blob, f["w"])
        b = arch.get_array(self.blob, f["b"])
        rows = f["rows"]
        wt = self.const(f["output"] + ".w", w, me.Quantization(list(f["w_scales"]), [0] * rows, axis=0), T.INT8)
        bt = self.const(f["output"] + ".b", b, me.Quantization(list(f["bias_scales"]), [0] * rows, axis=0), T.INT32)
        opt = tfl.FullyConnectedOptionsT()
        opt.fusedActivationFunction = tfl.ActivationFunctionType.NONE
        self.op(OP.FULLY_CONNECTED, [self.t(input_name or f["input"]), wt, bt], [self.t(f["output"])],
                tfl.BuiltinOptions.FullyConnectedOptions, opt)

    def concat(self, inputs, output):
        opt = tfl.ConcatenationOptionsT()
        opt.axis = 1
        self.op(OP.CONCATENATION, [self.t(i) for i in inputs], [self.t(output)],
                tfl.BuiltinOptions.ConcatenationOptions, opt)

    def unary(self, code, a, out):
        self.op(code, [self.t(a)], [self.t(out)])

    def binary(self, code, a, b, out):
        if code == OP.ADD:
            opt, ty = tfl.AddOptionsT(), tfl.BuiltinOptions.AddOptions
        elif code == OP.SUB:
            opt, ty = tfl.SubOptionsT(), tfl.BuiltinOptions.SubOptions
        else:
            opt, ty = tfl.MulOptionsT(), tfl.BuiltinOptions.MulOptions
        opt.fusedActivationFunction = tfl.ActivationFunctionType.NONE
        self.op(code, [self.t(a), self.t(b)], [self.t(out)], ty, opt)

    def slice_tail(self, src, start, out_tensor):
        """out = src[:, start:] (STRIDED_SLICE)."""
        n = self.desc["tensors"][src]["size"]
        beg = self.const(out_tensor.name + ".begin", np.array([0, start], np.int32), dtype=T.INT32)
        end = self.const(out_tensor.name + ".end", np.array([1, n], np.int32), dtype=T.INT32)
        stp = self.const(out_tensor.name + ".strides", np.array([1, 1], np.int32), dtype=T.INT32)
        opt = tfl.StridedSliceOptionsT()
        self.op(OP.STRIDED_SLICE, [self.t(src), beg, end, stp], [out_tensor],
                tfl.BuiltinOptions.StridedSliceOptions, opt)

    # ------------------------------------------------------------------ layers
    def layer(self, L):
        k = L["kind"]
        act = OP.TANH if L.get("act") == "tanh" else OP.LOGISTIC
        if k == "dense":
            self.fc(L["fc"])
            self.unary(act, L["fc"]["output"], L["output"])
            return []
        if k == "conv1d":
            self.concat([L["state"], L["input"]], L["cat"])
            self.fc(L["fc"])
            self.unary(act, L["fc"]["output"], L["output"])
            nxt = self.new(L["state"] + ".next", L["state"])
            self.slice_tail(L["cat"], L["channels"], nxt)
            return [(L["state"], nxt)]
        if k == "gru":
            t = L["tensors"]
            if len(L["inputs"]) > 1:
                self.concat(L["inputs"], L["x"])
            self.concat([L["x"], L["state"]], L["xh"])
            self.fc(L["fz"])
            self.unary(OP.LOGISTIC, L["fz"]["output"], t["z"])
            self.fc(L["fr"])
            self.unary(OP.LOGISTIC, L["fr"]["output"], t["r"])
            self.fc(L["fnx"])
            self.fc(L["fnh"])
            self.binary(OP.MUL, t["r"], L["fnh"]["output"], t["rn"])
            self.binary(OP.ADD, L["fnx"]["output"], t["rn"], t["npre"])
            self.unary(OP.TANH, t["npre"], t["n"])
            self.binary(OP.SUB, L["state"], t["n"], t["d"])
            self.binary(OP.MUL, t["z"], t["d"], t["zd"])
            self.binary(OP.ADD, t["n"], t["zd"], L["output"])
            # The next state is the output itself: expose it under the .next name too.
            return [(L["state"], self.t(L["output"]))]
        raise ValueError(k)

    def build(self, expose_layers=True):
        states = []
        for L in self.desc["layers"]:
            states += self.layer(L)
        ins = [self.t(n) for n in self.desc["inputs"]] + [self.t(s) for s, _ in states]
        outs = [self.t(n) for n in self.desc["outputs"]]
        if expose_layers:
            for L in self.desc["layers"]:
                if L["output"] not in self.desc["outputs"]:
                    outs.append(self.t(L["output"]))
        state_outs = [t for _, t in states]
        seen = set()
        all_t = []
        for o in self.ops:
            for t in o.inputs + o.outputs:
                if id(t) not in seen:
                    seen.add(id(t))
                    all_t.append(t)
        for t in ins:
            if id(t) not in seen:
                seen.add(id(t))
                all_t.append(t)
        self.sg.tensors = all_t
        self.sg.operators = self.ops
        self.sg.inputs = ins
        self.sg.outputs = outs + state_outs
        io = dict(inputs=[t.name for t in ins],
                  outputs=[t.name for t in outs] + [s + ".next" for s, _ in states],
                  states={s: s + ".next" for s, _ in states})
        model = me.Model(subgraphs=[self.sg], description="percepnet " + self.desc["name"],
                         metadata={"percepnet_io": __import__("json").dumps(io).encode()})
        return bytes(model.build()), io


class _FastBuffers:
    """model_editor hands buffer data to the flatbuffer writer as Python lists, which it packs one
    byte at a time (~17 s for the 10 MB full model). As numpy arrays the schema's own Pack takes
    its CreateNumpyVector path; the bytes written are the same."""

    def __enter__(self):
        self.orig = tfl.BufferT.Pack
        orig = self.orig

        def pack(buf, builder):
            if isinstance(buf.data, list) and len(buf.data) > 64:
                buf.data = np.array(buf.data, dtype=np.uint8)
            return orig(buf, builder)

        tfl.BufferT.Pack = pack

    def __exit__(self, *exc):
        tfl.BufferT.Pack = self.orig


def export(desc, blob, expose_layers=True, fast=True):
    """(flatbuffer bytes, io map). io: graph input names, output names, state -> next-state name."""
    if not fast:
        return Graph(desc, blob).build(expose_layers)
    with _FastBuffers():
        return Graph(desc, blob).build(expose_layers)
