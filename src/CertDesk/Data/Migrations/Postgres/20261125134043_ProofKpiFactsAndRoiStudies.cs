using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Facts = table.Column<long>(type: "bigint", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KpiIntervalFacts",
                columns: table => new
                {
                    TeamCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IntervalStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
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
                    table.PrimaryKey("PK_KpiIntervalFacts", x => new { x.TeamCode, x.IntervalStart });
                });

            migrationBuilder.CreateTable(
                name: "QaScores",
                columns: table => new
                {
                    EmployeeNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    TeamCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QaScores", x => new { x.EmployeeNumber, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "RoiStudies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CertificationCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PreStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PreEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    PostStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PostEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    CohortTeamsJson = table.Column<string>(type: "text", nullable: false),
                    ComparisonTeamsJson = table.Column<string>(type: "text", nullable: false),
                    ValuesJson = table.Column<string>(type: "text", nullable: false),
                    CostsJson = table.Column<string>(type: "text", nullable: false),
                    Isolation = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    Confidence = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    Intangibles = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
