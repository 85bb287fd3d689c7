using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KpiRangeFromDailySums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KpiIntervalFacts_IntervalStart",
                table: "KpiIntervalFacts");

            migrationBuilder.CreateIndex(
                name: "IX_KpiDailyFacts_Day",
                table: "KpiDailyFacts",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KpiDailyFacts_Day",
                table: "KpiDailyFacts");

            migrationBuilder.CreateIndex(
                name: "IX_KpiIntervalFacts_IntervalStart",
                table: "KpiIntervalFacts",
                column: "IntervalStart");
        }
    }
}
