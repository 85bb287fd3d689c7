using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CertificationRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ApplicationsCloseOn",
                table: "TuitionPolicies",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ApplicationsOpenOn",
                table: "TuitionPolicies",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RetiredOn",
                table: "Certifications",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CertificationRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BusinessCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Eligibility = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ManagerDecidedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ManagerDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ManagerComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WithdrawnBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificationRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificationRequests_BusinessCases_BusinessCaseId",
                        column: x => x.BusinessCaseId,
                        principalTable: "BusinessCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CertificationRequests_Certifications_CertificationId",
                        column: x => x.CertificationId,
                        principalTable: "Certifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CertificationRequests_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CertificationRequests_TuitionPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "TuitionPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRequests_BusinessCaseId",
                table: "CertificationRequests",
                column: "BusinessCaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRequests_CertificationId",
                table: "CertificationRequests",
                column: "CertificationId");

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRequests_EmployeeId",
                table: "CertificationRequests",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRequests_ManagerId",
                table: "CertificationRequests",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRequests_PolicyId",
                table: "CertificationRequests",
                column: "PolicyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificationRequests");

            migrationBuilder.DropColumn(
                name: "ApplicationsCloseOn",
                table: "TuitionPolicies");

            migrationBuilder.DropColumn(
                name: "ApplicationsOpenOn",
                table: "TuitionPolicies");

            migrationBuilder.DropColumn(
                name: "RetiredOn",
                table: "Certifications");
        }
    }
}
