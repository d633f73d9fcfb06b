using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace QueueLint.Tests.Package
{
    /// <summary>The result of one <c>dotnet</c> command: exit code, stdout alone, and stdout and stderr interleaved.</summary>
    internal sealed record DotNetResult(string CommandLine, int ExitCode, string StandardOutput, string Output)
    {
        public override string ToString() =>
            $"> {CommandLine}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}{Output}";
    }

    /// <summary>Runs the <c>dotnet</c> CLI as a child process, the way a developer would from a shell.</summary>
    internal static class DotNetCli
    {
        private static readonly string Host = FindHost();

        public static DotNetResult Run(string workingDirectory, TimeSpan timeout, IEnumerable<string> arguments)
        {
            var startInfo = new ProcessStartInfo(Host)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            // The test host may inherit MSBuild variables from the build that launched it; they would point the
            // child at that build's MSBuild and SDK instead of letting it resolve its own.
            foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                startInfo.Environment.Remove(name);
            }

            // No build nodes or servers outliving the command: they would hold its output pipes open.
            startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

            var commandLine = "dotnet " + string.Join(" ", startInfo.ArgumentList);
            var output = new StringBuilder();
            var standardOutput = new StringBuilder();
            var gate = new object();

            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (gate)
                    {
                        output.AppendLine(e.Data);
                        standardOutput.AppendLine(e.Data);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (gate)
                    {
                        output.AppendLine(e.Data);
                    }
                }
            };

            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (gate)
                {
                    throw new TimeoutException($"> {commandLine}{Environment.NewLine}did not finish within {timeout}.{Environment.NewLine}{output}");
                }
            }

            // The parameterless overload also waits until the output readers have seen the end of both streams.
            process.WaitForExit();
            lock (gate)
            {
                return new DotNetResult(commandLine, process.ExitCode, standardOutput.ToString(), output.ToString());
            }
        }

        public static DotNetResult RunChecked(string workingDirectory, TimeSpan timeout, IEnumerable<string> arguments)
        {
            var result = Run(workingDirectory, timeout, arguments);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("Command failed." + Environment.NewLine + result);
            }

            return result;
        }

        private static string FindHost()
        {
            // Set by the SDK for the processes it starts, so children use the same dotnet as this run.
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }
}
