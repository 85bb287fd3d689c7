using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProofKpiFactsAndRoiStudies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KpiImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Facts = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KpiIntervalFacts",
                columns: table => new
                {
                    TeamCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IntervalStart = table.Column<DateTime>(type: "TEXT", nullable: false),
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
                    table.PrimaryKey("PK_KpiIntervalFacts", x => new { x.TeamCode, x.IntervalStart });
                });

            migrationBuilder.CreateTable(
                name: "QaScores",
                columns: table => new
                {
                    EmployeeNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TeamCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QaScores", x => new { x.EmployeeNumber, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "RoiStudies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CertificationCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PreStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PreEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PostStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PostEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CohortTeamsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ComparisonTeamsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ValuesJson = table.Column<string>(type: "TEXT", nullable: false),
                    CostsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Isolation = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false),
                    Confidence = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false),
                    Intangibles = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoiStudies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KpiImports_Kind_Sha256",
                table: "KpiImports",
                columns: new[] { "Kind", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_KpiIntervalFacts_IntervalStart",
                table: "KpiIntervalFacts",
                column: "IntervalStart");

            migrationBuilder.CreateIndex(
                name: "IX_QaScores_TeamCode_Date",
                table: "QaScores",
                columns: new[] { "TeamCode", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KpiImports");

            migrationBuilder.DropTable(
                name: "KpiIntervalFacts");

            migrationBuilder.DropTable(
                name: "QaScores");

            migrationBuilder.DropTable(
                name: "RoiStudies");
        }
    }
}
