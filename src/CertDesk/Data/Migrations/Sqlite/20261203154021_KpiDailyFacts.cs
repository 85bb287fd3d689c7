using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KpiDailyFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KpiDailyFacts",
                columns: table => new
                {
                    TeamCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Offered = table.Column<long>(type: "INTEGER", nullable: false),
                    Answered = table.Column<long>(type: "INTEGER", nullable: false),
                    Abandoned = table.Column<long>(type: "INTEGER", nullable: false),
                    AnsweredWithinThreshold = table.Column<long>(type: "INTEGER", nullable: false),
                    WaitSecondsAnswered = table.Column<long>(type: "INTEGER", nullable: false),
                    HandleSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    HoldSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    WrapSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Transferred = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedFirstContact = table.Column<long>(type: "INTEGER", nullable: false),
                    CsatSum = table.Column<long>(type: "INTEGER", nullable: false),
                    CsatCount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiDailyFacts", x => new { x.TeamCode, x.Day });
                });

            // The daily sums of the facts already imported (the statement KpiDailyRollup.Summing wrote on the day).
            migrationBuilder.Sql(@"INSERT INTO ""KpiDailyFacts"" (""TeamCode"", ""Day"", ""Offered"", ""Answered"", ""Abandoned"", ""AnsweredWithinThreshold"", ""WaitSecondsAnswered"", ""HandleSeconds"", ""HoldSeconds"", ""WrapSeconds"", ""Transferred"", ""ResolvedFirstContact"", ""CsatSum"", ""CsatCount"") SELECT ""TeamCode"", substr(""IntervalStart"", 1, 10), SUM(""Offered""), SUM(""Answered""), SUM(""Abandoned""), SUM(""AnsweredWithinThreshold""), SUM(""WaitSecondsAnswered""), SUM(""HandleSeconds""), SUM(""HoldSeconds""), SUM(""WrapSeconds""), SUM(""Transferred""), SUM(""ResolvedFirstContact""), SUM(""CsatSum""), SUM(""CsatCount"") FROM ""KpiIntervalFacts"" GROUP BY ""TeamCode"", substr(""IntervalStart"", 1, 10)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KpiDailyFacts");
        }
    }
}
