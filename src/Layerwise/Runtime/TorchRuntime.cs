using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Layerwise.IO;

namespace Layerwise.Runtime;

/// <summary>Raised when TorchSharp's native library cannot be made to load.</summary>
public sealed class TorchRuntimeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Makes TorchSharp's native backend load on systems whose libstdc++ is older than the one it was
/// built against (Debian 12, Ubuntu 22.04). Where the shipped libLibTorchSharp.so loads as is, nothing
/// is patched. Otherwise a patched copy (see <see cref="ElfVersionPatcher"/>) is written once to a
/// per-user cache keyed by the original's hash, beside links to libtorch's libraries, and loaded
/// before TorchSharp asks for it: TorchSharp then finds it by its SONAME. The NuGet cache is never
/// modified. Called automatically by the library (module initializer), and by notebooks explicitly.
/// </summary>
public static class TorchRuntime
{
    const string LibName = "libLibTorchSharp.so";
    const string MissingVersion = "GLIBCXX_3.4.32";
    static readonly Lock Gate = new();
    static IntPtr handle;
    static bool attempted;

    /// <summary>Where the patched copy lives when one was needed; null when the original loaded as is.</summary>
    public static string? PatchedLibraryPath { get; private set; }

    /// <summary>Lines describing what was done, for `layerwise --verbose` and the setup notebook.</summary>
    public static IReadOnlyList<string> Log => log;
    static readonly List<string> log = [];

#pragma warning disable CA2255 // Module initializer: the hook must be in place before any TorchSharp call.
    [ModuleInitializer]
    internal static void RegisterResolver()
    {
        // Lazy: runs only when the default probing fails to load TorchSharp's native library (old
        // libstdc++), so commands that never touch TorchSharp pay nothing.
        System.Runtime.Loader.AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
            name.Contains("LibTorchSharp", StringComparison.Ordinal) ? EnsureLoadedHandle() : IntPtr.Zero;
    }
#pragma warning restore CA2255

    /// <summary>Ensures TorchSharp's native library can load; returns a description of what was done.</summary>
    public static string EnsureLoaded()
    {
        EnsureLoadedHandle();
        return PatchedLibraryPath is null ? "TorchSharp native library loads as shipped" : $"TorchSharp native library patched copy: {PatchedLibraryPath}";
    }

    static IntPtr EnsureLoadedHandle()
    {
        lock (Gate)
        {
            if (attempted)
                return handle;
            attempted = true;
            if (!OperatingSystem.IsLinux())
                return IntPtr.Zero;
            var original = Locate(LibName);
            if (original is null)
            {
                log.Add($"{LibName} not found beside the application or in the NuGet cache; leaving loading to TorchSharp");
                return IntPtr.Zero;
            }
            log.Add($"found {original}");
            if (NativeLibrary.TryLoad(original, out handle))
            {
                log.Add("loaded as shipped (system libstdc++ is new enough)");
                return handle;
            }
            byte[] image = File.ReadAllBytes(original);
            if (!ElfVersionPatcher.RequiresVersion(image, MissingVersion))
            {
                // Not the problem we know how to fix: let TorchSharp report its own error.
                log.Add($"{original} does not load, and not because of {MissingVersion}");
                return IntPtr.Zero;
            }
            var torchDir = Locate("libtorch_cpu.so") is { } t ? Path.GetDirectoryName(t)! : Path.GetDirectoryName(original)!;
            string patched = WritePatchedCopy(original, image, torchDir);
            PatchedLibraryPath = patched;
            try
            {
                handle = NativeLibrary.Load(patched);
            }
            catch (DllNotFoundException e)
            {
                throw new TorchRuntimeException($"the patched TorchSharp library {patched} does not load: {e.Message}", e);
            }
            log.Add($"loaded patched copy {patched}");
            return handle;
        }
    }

    /// <summary>Writes (once) the patched copy with links to the libraries it needs; atomic and safe under concurrent processes.</summary>
    internal static string WritePatchedCopy(string original, byte[] image, string torchDir)
    {
        string key = Convert.ToHexString(SHA256.HashData(image))[..16].ToLowerInvariant()
            + "-" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(torchDir)))[..8].ToLowerInvariant();
        string dir = Path.Combine(CacheRoot(), key);
        string target = Path.Combine(dir, LibName);
        Directory.CreateDirectory(dir);
        // libLibTorchSharp's RUNPATH is $ORIGIN: its dependencies must be reachable from the copy's folder.
        // Links are checked every time: one left dangling by a deleted build output is replaced.
        foreach (var dep in Directory.EnumerateFiles(torchDir).Concat(Directory.EnumerateFiles(Path.GetDirectoryName(original)!)))
        {
            string name = Path.GetFileName(dep);
            if (!name.Contains(".so", StringComparison.Ordinal) || name == LibName)
                continue;
            string link = Path.Combine(dir, name);
            if (File.Exists(link)) // follows the link: false when it dangles
                continue;
            AtomicFile.Write(link, temp => File.CreateSymbolicLink(temp, dep), keepExtension: false);
        }
        if (File.Exists(target))
            return target;
        var copy = (byte[])image.Clone();
        ElfVersionPatcher.Patch(copy, MissingVersion, ElfVersionPatcher.TorchSharpReplacements);
        AtomicFile.Write(target, temp => File.WriteAllBytes(temp, copy), keepExtension: false);
        return target;
    }

    /// <summary>Per-user cache: $LAYERWISE_NATIVE_CACHE, else $XDG_CACHE_HOME/layerwise/native, else ~/.cache/layerwise/native.</summary>
    public static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable("LAYERWISE_NATIVE_CACHE") is { Length: > 0 } explicitRoot)
            return explicitRoot;
        string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(xdg, "layerwise", "native");
    }

    /// <summary>Finds a native file of the TorchSharp packages: beside the app, in its runtimes folder, or in the NuGet cache.</summary>
    internal static string? Locate(string fileName)
    {
        foreach (var dir in CandidateDirectories())
        {
            string path = Path.Combine(dir, fileName);
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    static IEnumerable<string> CandidateDirectories()
    {
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirs)
            foreach (var d in searchDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                yield return d;
        var roots = new List<string> { AppContext.BaseDirectory };
        if (TorchSharpAssembly() is { } asm && !string.IsNullOrEmpty(asm.Location))
            roots.Add(Path.GetDirectoryName(asm.Location)!);
        roots.Add(Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location) ?? AppContext.BaseDirectory);
        foreach (var root in roots)
        {
            yield return root;
            yield return Path.Combine(root, "runtimes", rid, "native");
        }
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = TorchSharpAssembly()?.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
        foreach (var pkg in new[] { "torchsharp", "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64" })
        {
            string pkgDir = Path.Combine(packages, pkg);
            if (!Directory.Exists(pkgDir))
                continue;
            var versions = Directory.GetDirectories(pkgDir).OrderByDescending(d => Path.GetFileName(d) == version).ThenByDescending(d => d, StringComparer.Ordinal);
            foreach (var vdir in versions)
                yield return Path.Combine(vdir, "runtimes", rid, "native");
        }
    }

    static Assembly? TorchSharpAssembly()
    {
        try { return typeof(TorchSharp.torch).Assembly; }
        catch (Exception) { return null; }
    }
}
