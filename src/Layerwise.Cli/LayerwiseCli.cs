using System.CommandLine;
using System.Reflection;

namespace Layerwise.Cli;

/// <summary>The `layerwise` command: builds the command tree and maps failures to exit codes
/// (0 success, 2 bad input, 3 network or hub unreachable, 1 internal failure); stack traces only with --verbose.</summary>
public static class LayerwiseCli
{
    public const int ExitOk = 0;
    public const int ExitInternal = 1;
    public const int ExitBadInput = 2;
    /// <summary>An environment condition, not a bug or bad input: no network, DNS failure, hub not answering,
    /// a transfer that broke off or delivered wrong bytes (<see cref="Hub.HubDownloadException"/>).</summary>
    public const int ExitUnreachable = 3;

    /// <summary>Shown on every command; set before the action runs.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "More detail on stderr, and stack traces on failure",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "layerwise: layer-wise analysis of self-supervised speech models for audio deepfake detection. " +
            "Run 'layerwise demo' for the end-to-end job on the built-in synthetic corpus.");
        root.Options.Add(Verbose);
        // The built-in action prints the entry assembly's version (the test host's, in-process).
        foreach (var option in root.Options.OfType<VersionOption>())
            option.Action = new PrintVersion();
        foreach (var command in CommandList.All())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parse = root.Parse(args);
        bool verbose = args.Contains("--verbose") || args.Contains("-v");
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"layerwise: {TerminalText.Escape(OneLine(error.Message))}");
            stderr.WriteLine("Run 'layerwise --help' for usage.");
            return ExitBadInput;
        }
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            // Usage lines name the executable (Layerwise.Cli); the command users type is `layerwise`.
            var help = new StringWriter();
            int code = parse.Invoke(new InvocationConfiguration { Output = help, Error = stderr });
            stdout.Write(help.ToString().Replace(RootCommand.ExecutableName + " ", "layerwise ", StringComparison.Ordinal));
            return code;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            return Report(e, verbose, stderr);
        }
    }

    /// <summary>Input errors (bad files, bad arguments, missing files) → 2; an unreachable network or hub → 3;
    /// anything else → 1. One escaped line without native (C++) frames; the full exception only with --verbose.</summary>
    public static int Report(Exception e, bool verbose, TextWriter stderr)
    {
        if (e is TargetInvocationException { InnerException: { } inner })
            e = inner;
        bool unreachable = e is Hub.HubDownloadException or Hub.HubUnreachableException;
        bool input = !unreachable && (e is LayerwiseInputException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or FormatException or InvalidDataException or UnauthorizedAccessException);
        string kind = unreachable ? "network or hub" : input ? "error" : "internal error";
        stderr.WriteLine($"layerwise: {kind}: {TerminalText.Escape(OneLine(WithoutNativeFrames(e.Message)))}");
        if (verbose)
            foreach (var line in e.ToString().Split('\n'))
                stderr.WriteLine(TerminalText.Escape(line.TrimEnd('\r')));
        else if (!input && !unreachable)
            stderr.WriteLine("(run with --verbose for details)");
        return unreachable ? ExitUnreachable : input ? ExitBadInput : ExitInternal;
    }

    /// <summary>libtorch appends its C++ backtrace ("Exception raised from … frame #0: …") to messages; users get the first part.</summary>
    internal static string WithoutNativeFrames(string message)
    {
        int cut = message.Length;
        foreach (var marker in new[] { "Exception raised from ", "frame #0" })
        {
            int at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                cut = Math.Min(cut, at);
        }
        return message[..cut].TrimEnd(' ', '\n', '\r', '\t', '(', ':', ';');
    }

    sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitOk;
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    public static string Version =>
        typeof(LayerwiseCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
