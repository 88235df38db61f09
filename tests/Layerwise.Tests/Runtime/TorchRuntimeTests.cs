using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Conv1dForwardMatchesHandComputedValues()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var conv = nn.Conv1d(1, 1, kernel_size: 3, bias: true);
        using (no_grad())
        {
            conv.weight!.copy_(tensor(new float[] { 1, -2, 3 }).reshape(1, 1, 3));
            conv.bias!.copy_(tensor(new float[] { 0.5f }));
        }
        var x = tensor(new float[] { 1, 2, 3, 4, 5 }).reshape(1, 1, 5);
        var y = conv.forward(x).reshape(-1).data<float>().ToArray();
        // y[t] = x[t] - 2 x[t+1] + 3 x[t+2] + 0.5
        Assert.Equal(new[] { 1 - 4 + 9 + 0.5f, 2 - 6 + 12 + 0.5f, 3 - 8 + 15 + 0.5f }, y);
    }

    [Fact]
    public void PatchedCopyIsWrittenOnceAndReused()
    {
        var original = TorchRuntime.Locate("libLibTorchSharp.so")!;
        var torchDir = Path.GetDirectoryName(TorchRuntime.Locate("libtorch_cpu.so")!)!;
        var root = Path.Combine(Path.GetTempPath(), $"lw-native-{Guid.NewGuid():N}");
        Environment.SetEnvironmentVariable("LAYERWISE_NATIVE_CACHE", root);
        try
        {
            var image = File.ReadAllBytes(original);
            var first = TorchRuntime.WritePatchedCopy(original, image, torchDir);
            var stamp = File.GetLastWriteTimeUtc(first);
            var second = TorchRuntime.WritePatchedCopy(original, image, torchDir);
            Assert.Equal(first, second);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(second));
            Assert.False(ElfVersionPatcher.RequiresVersion(File.ReadAllBytes(first), "GLIBCXX_3.4.32"));
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(first)!, "libtorch_cpu.so")));
            // the source is never modified
            Assert.True(ElfVersionPatcher.RequiresVersion(File.ReadAllBytes(original), "GLIBCXX_3.4.32"));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(first)!, $"*.{Environment.ProcessId}.*"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LAYERWISE_NATIVE_CACHE", null);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void DeviceRequestsParseAndCudaAbsenceIsAClearError()
    {
        Assert.Equal(DeviceRequest.Auto, Devices.Parse("auto"));
        Assert.Equal(DeviceRequest.Cpu, Devices.Parse("CPU"));
        Assert.Throws<ArgumentException>(() => Devices.Parse("tpu"));
        Assert.Equal(DeviceType.CPU, Devices.Resolve(DeviceRequest.Cpu).type);
        if (!cuda.is_available())
        {
            Assert.Equal(DeviceType.CPU, Devices.Resolve(DeviceRequest.Auto).type);
            var ex = Assert.Throws<LayerwiseInputException>(() => Devices.Resolve(DeviceRequest.Cuda));
            Assert.Contains("--device cpu", ex.Message);
        }
    }
}

public class TorchRuntimeProcessTests
{
    /// <summary>A fresh process that uses TorchSharp without calling EnsureLoaded: the module initializer's
    /// resolver must make the native library load (patching into an empty cache where needed).</summary>
    [Fact]
    public void FreshProcessLoadsTorchSharpWithoutAnExplicitCall()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Layerwise.Cli.dll");
        string cache = Path.Combine(Path.GetTempPath(), $"lw-native-{Guid.NewGuid():N}");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", $"\"{cli}\" backend-info --backend ffn --dim 8 --layers 2")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["LAYERWISE_NATIVE_CACHE"] = cache;
        try
        {
            using var p = System.Diagnostics.Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(120_000));
            Assert.True(p.ExitCode == 0, stderr);
            Assert.Contains("\"trainable_parameters\"", stdout);
            // Where the shipped library cannot load (this Debian 12 machine), the child wrote a patched copy.
            string shipped = TorchRuntime.Locate("libLibTorchSharp.so")!;
            if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(shipped, out _))
                Assert.Single(Directory.GetFiles(cache, "libLibTorchSharp.so", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }
}
