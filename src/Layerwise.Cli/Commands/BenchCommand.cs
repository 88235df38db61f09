using System.CommandLine;
using System.Diagnostics;
using Layerwise.Benchmarking;
using Layerwise.Runtime;
using static TorchSharp.torch;

namespace Layerwise.Cli.Commands;

/// <summary>
/// `layerwise bench`: times the forward pass of a random-weight wav2vec2-style model truncated to each of the
/// --layers counts. Each configuration runs in a child process of this executable (hidden --child flag) so
/// that its peak RSS is its own. Prints one JSON line per configuration:
/// {"impl","arch","layers","batch","audio_seconds","seconds_median","seconds_min","rtf","parameters","peak_rss_mb","model_rss_mb","threads","device","dtype","repeat","inference_mode","keep_freed_memory","dtype_requested","float32_gemm"},
/// and for dtypes other than float32 "max_abs_error_vs_float32","rel_error_vs_float32" (the deepest hidden state against float32).
/// `--dtype int8`: dynamic int8 GEMMs in the blocks (CPU, opt-in; see docs/int8.md).
/// `--dtype auto` picks bfloat16 or float32 on the CPU by <see cref="Bf16Probe"/> (cached per machine); `--probe-bf16` prints the probe
/// (with the float32 GEMM probe's verdict, <see cref="Float32Gemm"/>: "float32_gemm", "onednn_speedup").
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "base (12 × 768, wav2vec2-base) or large (24 × 1024, XLS-R 300M); random weights", DefaultValueFactory = _ => "base" };
        var layers = new Option<string?>("--layers") { Description = "Comma-separated block counts, e.g. 0,1,2,4,6,8,12 ('all' = the full depth); default: 0,1,2,4,6,8,12 (base) or 0,1,2,4,8,12,16,24 (large)" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of audio per item (16 kHz)", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Items per forward pass", DefaultValueFactory = _ => 1 };
        var repeat = new Option<int>("--repeat") { Description = "Timed forward passes (the median is reported)", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed forward passes first", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string>("--dtype") { Description = "float32 (default), bfloat16 (float16: CUDA), int8 (CPU: dynamic int8 GEMMs, opt-in; reports its error against float32), or auto: bfloat16 where a short probe measures it faster on this CPU (cached per machine), else float32 (float32 on CUDA)", DefaultValueFactory = _ => "float32" };
        var inference = new Option<bool>("--inference-mode") { Description = "Forward under inference mode (default true); false = no_grad, as the library's default path", DefaultValueFactory = _ => true };
        var keepFreed = new Option<bool>("--keep-freed-memory") { Description = "Tune glibc malloc to reuse freed memory rather than fault in fresh pages every pass (default true; the peer script does the same)", DefaultValueFactory = _ => true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights and waveforms", DefaultValueFactory = _ => 0 };
        var profile = new Option<bool>("--profile") { Description = "Print seconds per component (conv stack, projection, positional conv, attention, feed-forward) instead, in this process" };
        var cpuClock = new Option<bool>("--thread-cpu") { Description = "With --profile: the calling thread's CPU time instead of wall time (use with --threads 1 on a busy machine)", Hidden = true };
        var probe = new Option<bool>("--probe-bf16") { Description = "Print this machine's bf16-vs-float32 probe (measured once, then cached) as one JSON line and exit" };
        var sgemm = new Option<bool>("--sgemm") { Description = "Print this machine's float32 GEMM rate (2048³ at --threads) on libtorch's BLAS and on oneDNN as one JSON line and exit", Hidden = true };
        var parity = new Option<string[]>("--parity-fixture") { Description = "Run SSL parity fixture folders (model + expected_*.safetensors) on --device and print the max abs difference per output (one JSON line each)", Hidden = true, AllowMultipleArgumentsPerToken = true };
        var child = new Option<bool>("--child") { Description = "Internal: run one configuration in this process", Hidden = true };

        var command = new Command("bench", "Time the SSL forward pass per truncation depth (random weights); one JSON line per configuration, each measured in its own process")
        {
            arch, layers, seconds, batch, repeat, warmup, threads, device, dtype, inference, keepFreed, seed, profile, cpuClock, probe, sgemm, parity, child,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(probe))
            {
                set_num_threads(parse.GetValue(threads));
                var gemm = Float32Gemm.Probe();
                var p = Bf16Probe.Run();
                parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(new
                {
                    cpu = p.Cpu, threads = p.Threads, float32_seconds = Math.Round(p.Float32Seconds, 5),
                    bfloat16_seconds = Math.Round(p.BFloat16Seconds, 5), bf16_speedup = Math.Round(p.Speedup, 3),
                    fastest = p.BFloat16Faster ? "bfloat16" : "float32", cached = p.Cached, summary = p.ToString(),
                    float32_gemm = Float32Gemm.Kernel.ToString().ToLowerInvariant(), onednn_speedup = Math.Round(gemm.Speedup, 3),
                }, indented: false));
                return LayerwiseCli.ExitOk;
            }
            if (parse.GetValue(sgemm))
            {
                set_num_threads(parse.GetValue(threads));
                var (blas, onednn) = Float32Gemm.SgemmRates();
                parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(new
                {
                    cpu = MachineProbe.CpuModel(), threads = get_num_threads(), size = 2048,
                    blas_gflops = Math.Round(blas, 1), onednn_gflops = Math.Round(onednn, 1),
                }, indented: false));
                return LayerwiseCli.ExitOk;
            }
            if (parse.GetValue(parity) is { Length: > 0 } fixtures)
            {
                var dev = Devices.Resolve(parse.GetValue(device)!);
                foreach (var folder in fixtures)
                {
                    var diffs = ParityCheck.Run(folder, dev);
                    parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(new
                    {
                        fixture = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)),
                        device = dev.type.ToString().ToLowerInvariant(),
                        max_abs_diff = diffs.Values.Max(),
                        per_output = diffs.ToDictionary(d => d.Key, d => d.Value),
                    }, indented: false));
                }
                return LayerwiseCli.ExitOk;
            }
            string archName = parse.GetValue(arch)!.Trim().ToLowerInvariant();
            var counts = parse.GetValue(layers) is { } text ? BenchArch.ParseLayers(text, archName) : BenchArch.DefaultLayers(archName);
            var settings = new BenchSettings
            {
                Arch = archName,
                Layers = counts[0],
                Seconds = parse.GetValue(seconds),
                Batch = parse.GetValue(batch),
                Repeat = parse.GetValue(repeat),
                Warmup = parse.GetValue(warmup),
                Threads = parse.GetValue(threads),
                DType = DTypes.Parse(parse.GetValue(dtype)!, parse.GetValue(device)!, parse.GetValue(threads)),
                InferenceMode = parse.GetValue(inference),
                Seed = parse.GetValue(seed),
                KeepFreedMemory = parse.GetValue(keepFreed),
            };
            settings.Validate();
            string deviceText = parse.GetValue(device)!;
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;

            if (parse.GetValue(profile))
            {
                foreach (int n in counts)
                {
                    var seconds = ComponentProfile.Run(settings with { Layers = n, Device = Devices.Resolve(deviceText) }, parse.GetValue(cpuClock));
                    stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
                    {
                        ["impl"] = "layerwise",
                        ["arch"] = archName,
                        ["layers"] = n,
                        ["threads"] = TorchSharp.torch.get_num_threads(),
                        ["clock"] = parse.GetValue(cpuClock) ? "thread_cpu" : "wall",
                        ["dtype"] = settings.DType.ToString().ToLowerInvariant(),
                        ["seconds"] = seconds.ToDictionary(s => s.Key, s => Math.Round(s.Value, 4)),
                    }, indented: false));
                }
                return LayerwiseCli.ExitOk;
            }

            if (parse.GetValue(child))
            {
                if (counts.Count != 1)
                    throw new BenchInputException("--child runs exactly one --layers value");
                var result = ForwardBenchmark.Run(settings with { Device = Devices.Resolve(deviceText) });
                stdout.WriteLine(ToJson(result, parse.GetValue(dtype)!.Trim().ToLowerInvariant()));
                return LayerwiseCli.ExitOk;
            }

            foreach (int n in counts)
            {
                var args = new List<string>
                {
                    "bench", "--child", "--arch", archName, "--layers", n.ToString(),
                    "--seconds", settings.Seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    "--batch", settings.Batch.ToString(), "--repeat", settings.Repeat.ToString(), "--warmup", settings.Warmup.ToString(),
                    "--threads", settings.Threads.ToString(), "--device", deviceText, "--dtype", parse.GetValue(dtype)!,
                    "--inference-mode", settings.InferenceMode ? "true" : "false",
                    "--keep-freed-memory", settings.KeepFreedMemory ? "true" : "false", "--seed", settings.Seed.ToString(),
                };
                var (code, output, error) = RunChild(args, settings.KeepFreedMemory);
                if (error.Length > 0)
                    stderr.Write(error);
                if (code != 0)
                {
                    stderr.WriteLine($"layerwise: bench --layers {n} failed (exit code {code})");
                    return code;
                }
                stdout.WriteLine(output.Trim());
                stdout.Flush();
            }
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static string ToJson(BenchResult r, string requested)
    {
        var line = new Dictionary<string, object>
        {
            ["impl"] = r.Impl,
            ["arch"] = r.Arch,
            ["layers"] = r.Layers,
            ["batch"] = r.Batch,
            ["audio_seconds"] = r.AudioSeconds,
            ["seconds_median"] = Math.Round(r.SecondsMedian, 4),
            ["seconds_min"] = Math.Round(r.SecondsMin, 4),
            ["rtf"] = Math.Round(r.Rtf, 4),
            ["parameters"] = r.Parameters,
            ["peak_rss_mb"] = Math.Round(r.PeakRssMb, 1),
            ["model_rss_mb"] = Math.Round(r.ModelRssMb, 1),
            ["threads"] = r.Threads,
            ["device"] = r.Device,
            ["dtype"] = r.DType,
            ["repeat"] = r.Repeat,
            ["inference_mode"] = r.InferenceMode,
            ["keep_freed_memory"] = r.KeepFreedMemory,
            ["dtype_requested"] = requested,
            // Added after the fields above: the CPU's float32 GEMM (Runtime/Float32Gemm.cs), "cublas" on CUDA.
            ["float32_gemm"] = r.Device == "cpu" ? Float32Gemm.Kernel.ToString().ToLowerInvariant() : "cublas",
        };
        // Only for dtypes other than float32, so float32 lines keep exactly their keys.
        if (r.MaxAbsErrorVsFloat32 is { } maxAbs)
            line["max_abs_error_vs_float32"] = Math.Round(maxAbs, 6);
        if (r.RelErrorVsFloat32 is { } rel)
            line["rel_error_vs_float32"] = Math.Round(rel, 6);
        return Json.Serialize(line, indented: false);
    }

    /// <summary>Runs this CLI again (its apphost, else `dotnet Layerwise.Cli.dll`) and captures its output.</summary>
    static (int Code, string Output, string Error) RunChild(IEnumerable<string> args, bool keepFreedMemory)
    {
        string dll = typeof(BenchCommand).Assembly.Location;
        string apphost = Path.Combine(Path.GetDirectoryName(dll)!, Path.GetFileNameWithoutExtension(dll) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (File.Exists(apphost))
        {
            start.FileName = apphost;
        }
        else
        {
            string? host = Environment.ProcessPath;
            start.FileName = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
            start.ArgumentList.Add(dll);
        }
        foreach (var a in args)
            start.ArgumentList.Add(a);
        // The executable tunes its heap at start unless told not to; the child must start with the setting asked for.
        start.Environment[NativeHeap.EnvironmentVariable] = keepFreedMemory ? "1" : "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
