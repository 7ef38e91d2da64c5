using System.Diagnostics;
using System.Globalization;

namespace LoadGen;

/// <summary>A process's CPU time from /proc/PID/stat (user + system), sampled to give cores used between two reads.</summary>
internal sealed class ProcessCpu(int pid)
{
    // Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every mainstream kernel configuration.
    private const double TicksPerSecond = 100;

    private double _lastCpuSeconds = -1;
    private long _lastAt;

    /// <summary>The process measured.</summary>
    public int Pid { get; } = pid;

    /// <summary>Cores used since the previous call (0 on the first); null once the process is gone.</summary>
    public double? Sample()
    {
        double? cpu = ReadCpuSeconds(Pid);
        long now = Stopwatch.GetTimestamp();
        if (cpu is null)
        {
            return null;
        }

        double cores = _lastCpuSeconds < 0 ? 0 : (cpu.Value - _lastCpuSeconds) / Stopwatch.GetElapsedTime(_lastAt, now).TotalSeconds;
        (_lastCpuSeconds, _lastAt) = (cpu.Value, now);
        return cores;
    }

    /// <summary>The process's resident memory in bytes (VmRSS from /proc/PID/status), or null when it cannot be read.</summary>
    public static long? ReadResidentBytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>User + system CPU seconds the process has used, or null when it cannot be read.</summary>
    public static double? ReadCpuSeconds(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces; fields 14 and 15 follow its ')'.
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
