using System.Globalization;
using System.Text;

namespace CertDesk.Benchmarks;

/// <summary>
/// <c>generate-roster --rows N --out FILE [--changed K]</c>: a valid HRIS roster for bench/roster-compare.sh, written
/// independently of CertDesk. An org chart ten wide (row i reports to row (i - 1) / 10, so most managers come after
/// nobody and a few reports come before their manager when the file is shuffled), 12 people a team, 5 sites, one in
/// twenty separated. <c>--changed K</c> gives every K-th person a new title (a re-import with updates).
/// </summary>
public static class RosterGenerator
{
    public static int Run(string[] args)
    {
        var rows = 1000;
        var changed = 0;
        string? output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": output = args[i + 1]; break;
                case "--changed": changed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("usage: generate-roster --rows N --out FILE [--changed K]");
            return 2;
        }

        // Rows in a fixed shuffled order, so that the file is not sorted managers-first.
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(7).Shuffle(order);
        using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine("employee_id,first_name,last_name,email,title,role,team_id,site,manager_employee_id,hire_date,status,separation_date,separation_reason,hourly_loaded_cost");
        foreach (var i in order)
        {
            var manager = i == 0 ? "" : $"E{(i - 1) / 10:D7}";
            var role = i < rows / 10 ? "Supervisor" : "Agent";
            var title = changed > 0 && i % changed == 0 ? "Senior Agent" : "Agent";
            var hire = new DateOnly(2015, 1, 1).AddDays(i % 3000);
            var separated = i > 0 && i % 20 == 0;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"E{i:D7},First{i},Last{i},person{i}@example.com,{title},{role},T{i / 12:D5},Site {i % 5},{manager},{hire:yyyy-MM-dd},{(separated ? "separated" : "active")},{(separated ? hire.AddDays(400).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")},{(separated ? "resignation" : "")},{20 + i % 30}.50");
            writer.WriteLine(line);
        }
        return 0;
    }
}
