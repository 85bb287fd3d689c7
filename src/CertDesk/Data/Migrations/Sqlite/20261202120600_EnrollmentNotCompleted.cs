using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EnrollmentNotCompleted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enrollments_OneOpen",
                table: "Enrollments");

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_OneOpen",
                table: "Enrollments",
                columns: new[] { "EmployeeId", "CertificationId" },
                unique: true,
                filter: "\"Status\" NOT IN ('Withdrawn', 'Failed', 'NotCompleted')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enrollments_OneOpen",
                table: "Enrollments");

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_OneOpen",
                table: "Enrollments",
                columns: new[] { "EmployeeId", "CertificationId" },
                unique: true,
                filter: "\"Status\" NOT IN ('Withdrawn', 'Failed')");
        }
    }
}
