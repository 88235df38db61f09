using System.CommandLine;
using Layerwise.Audio;
using Layerwise.Audio.Wav;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise audio decode|info`: the audio reader as a tool (format chosen by content, not extension).</summary>
internal static class AudioCommand
{
    public static Command Create()
    {
        var command = new Command("audio", "Decode audio files or show what they hold (WAV, FLAC; detected from content)");
        command.Subcommands.Add(Decode());
        command.Subcommands.Add(Info());
        return command;
    }

    static Command Decode()
    {
        var input = new Argument<string>("in") { Description = "Audio file to decode (WAV or FLAC)" };
        var output = new Argument<string>("out.wav") { Description = "WAV file to write" };
        var command = new Command("decode",
            "Write the audio as WAV at its native rate, channel count and bit depth, sample-exact " +
            "(integer PCM; IEEE float input is written as float). FLAC MD5 signatures are verified.");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.SetAction(parse =>
        {
            string inPath = parse.GetValue(input)!;
            string outPath = parse.GetValue(output)!;
            if (SameFile(inPath, outPath))
                throw new LayerwiseInputException($"{outPath}: the output is the input file; decoding would replace it (name another output)");
            var info = AudioFile.Info(inPath);
            if (info.IsFloat)
            {
                var data = AudioFile.Read(inPath);
                WavWriter.Write(outPath, data.Channels, info.SampleRate, 32, asFloat: true);
            }
            else
            {
                WavWriter.Write(outPath, AudioFile.ReadPcm(inPath, verifyMd5: true));
            }
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    /// <summary>True when both names reach one file (same path, or a link to it).</summary>
    static bool SameFile(string a, string b)
    {
        static string Real(string p)
        {
            var full = Path.GetFullPath(p);
            try { return File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full; }
            catch (IOException) { return full; }
        }
        return string.Equals(Real(a), Real(b), StringComparison.Ordinal);
    }

    static Command Info()
    {
        var input = new Argument<string>("file") { Description = "Audio file (WAV or FLAC)" };
        var command = new Command("info",
            "Print {\"format\",\"sample_rate\",\"channels\",\"bits_per_sample\",\"samples\",\"seconds\"} as JSON (from the header)");
        command.Arguments.Add(input);
        command.SetAction(parse =>
        {
            var info = AudioFile.Info(parse.GetValue(input)!);
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(new
            {
                format = info.Format,
                sample_rate = info.SampleRate,
                channels = info.Channels,
                bits_per_sample = info.BitsPerSample,
                samples = info.Samples,
                seconds = info.Seconds,
            }));
            return LayerwiseCli.ExitOk;
        });
        return command;
    }
}
