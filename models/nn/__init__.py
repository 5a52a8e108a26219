"""PercepNet int8 network: model description, generator, .tflite exporter, TFLM runner."""
