using System.Diagnostics;
using Layerwise.Runtime;

namespace Layerwise.Tests.Runtime;

public class ElfVersionPatcherTests
{
    static byte[] ShippedLibrary()
    {
        var path = TorchRuntime.Locate("libLibTorchSharp.so");
        Assert.NotNull(path);
        return File.ReadAllBytes(path!);
    }

    [Fact]
    public void ShippedLibraryNeedsTheVersion_PatchedCopyDoesNot()
    {
        var image = ShippedLibrary();
        Assert.True(ElfVersionPatcher.RequiresVersion(image, "GLIBCXX_3.4.32"));

        var report = ElfVersionPatcher.Patch(image, "GLIBCXX_3.4.32", ElfVersionPatcher.TorchSharpReplacements);

        Assert.True(report.Changed);
        Assert.Equal([("_ZSt21ios_base_library_initv", "_ZSt15get_new_handlerv")], report.RenamedSymbols);
        Assert.False(ElfVersionPatcher.RequiresVersion(image, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void PatchIsIdempotentAndTouchesOnlyTheNamedBytes()
    {
        var original = ShippedLibrary();
        var once = (byte[])original.Clone();
        ElfVersionPatcher.Patch(once, "GLIBCXX_3.4.32", ElfVersionPatcher.TorchSharpReplacements);
        var twice = (byte[])once.Clone();
        var second = ElfVersionPatcher.Patch(twice, "GLIBCXX_3.4.32", ElfVersionPatcher.TorchSharpReplacements);

        Assert.False(second.Changed);
        Assert.Equal(once, twice);
        Assert.Equal(original.Length, once.Length);
        // weak flag (1 byte) + versym (1-2 bytes) + renamed string (at most 28 bytes)
        int differing = original.Zip(once).Count(p => p.First != p.Second);
        Assert.InRange(differing, 3, 32);
    }

    [Fact]
    public void ReadelfAgreesWithThePatch()
    {
        if (!File.Exists("/usr/bin/readelf"))
            return; // binutils is part of the build image; the structural asserts above still run
        var image = ShippedLibrary();
        ElfVersionPatcher.Patch(image, "GLIBCXX_3.4.32", ElfVersionPatcher.TorchSharpReplacements);
        var tmp = Path.Combine(Path.GetTempPath(), $"patched-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(tmp, image);
        try
        {
            string versions = Run("/usr/bin/readelf", $"-V -W {tmp}");
            Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: WEAK", versions);
            string symbols = Run("/usr/bin/readelf", $"--dyn-syms -W {tmp}");
            Assert.DoesNotContain("ios_base_library_init", symbols);
            Assert.Contains("_ZSt15get_new_handlerv", symbols);
            Assert.DoesNotContain("@GLIBCXX_3.4.32", symbols);
        }
        finally { File.Delete(tmp); }
    }

    [Fact]
    public void RefusesWhenASymbolHasNoReplacement()
    {
        var image = ShippedLibrary();
        var before = (byte[])image.Clone();
        var ex = Assert.Throws<InvalidDataException>(() =>
            ElfVersionPatcher.Patch(image, "GLIBCXX_3.4.32", new Dictionary<string, string>()));
        Assert.Contains("_ZSt21ios_base_library_initv", ex.Message);
        Assert.Equal(before, image);
    }

    [Fact]
    public void RejectsNonElfInput()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.RequiresVersion(new byte[100], "GLIBCXX_3.4.32"));
        var truncated = ShippedLibrary()[..4096];
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.RequiresVersion(truncated, "GLIBCXX_3.4.32"));
    }

    static string Run(string exe, string args)
    {
        var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true })!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
