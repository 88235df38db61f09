using Layerwise.Cli;
using Layerwise.Runtime;

// The executable only infers and trains, pass after pass: reuse freed native memory instead of faulting in fresh
// pages every pass (NativeHeap). In-process hosts of LayerwiseCli.Run (tests) keep glibc's defaults.
if (!NativeHeap.DisabledByEnvironment())
    NativeHeap.KeepFreedMemory();
return LayerwiseCli.Run(args, Console.Out, Console.Error);
