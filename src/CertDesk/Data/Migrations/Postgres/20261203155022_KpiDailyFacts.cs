using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Postgres
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
                    TeamCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Offered = table.Column<long>(type: "bigint", nullable: false),
                    Answered = table.Column<long>(type: "bigint", nullable: false),
                    Abandoned = table.Column<long>(type: "bigint", nullable: false),
                    AnsweredWithinThreshold = table.Column<long>(type: "bigint", nullable: false),
                    WaitSecondsAnswered = table.Column<long>(type: "bigint", nullable: false),
                    HandleSeconds = table.Column<long>(type: "bigint", nullable: false),
                    HoldSeconds = table.Column<long>(type: "bigint", nullable: false),
                    WrapSeconds = table.Column<long>(type: "bigint", nullable: false),
                    Transferred = table.Column<long>(type: "bigint", nullable: false),
                    ResolvedFirstContact = table.Column<long>(type: "bigint", nullable: false),
                    CsatSum = table.Column<long>(type: "bigint", nullable: false),
                    CsatCount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiDailyFacts", x => new { x.TeamCode, x.Day });
                });

            // The daily sums of the facts already imported (the statement KpiDailyRollup.Summing wrote on the day).
            migrationBuilder.Sql(@"INSERT INTO ""KpiDailyFacts"" (""TeamCode"", ""Day"", ""Offered"", ""Answered"", ""Abandoned"", ""AnsweredWithinThreshold"", ""WaitSecondsAnswered"", ""HandleSeconds"", ""HoldSeconds"", ""WrapSeconds"", ""Transferred"", ""ResolvedFirstContact"", ""CsatSum"", ""CsatCount"") SELECT ""TeamCode"", (""IntervalStart"" AT TIME ZONE 'UTC')::date, SUM(""Offered""), SUM(""Answered""), SUM(""Abandoned""), SUM(""AnsweredWithinThreshold""), SUM(""WaitSecondsAnswered""), SUM(""HandleSeconds""), SUM(""HoldSeconds""), SUM(""WrapSeconds""), SUM(""Transferred""), SUM(""ResolvedFirstContact""), SUM(""CsatSum""), SUM(""CsatCount"") FROM ""KpiIntervalFacts"" GROUP BY ""TeamCode"", (""IntervalStart"" AT TIME ZONE 'UTC')::date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KpiDailyFacts");
        }
    }
}
