"""How the history words training's actions: worked examples, run by tests/services/test_audit_describe.py."""

NAMES = {("users", 12): "Ida Teach", ("users", 14): "Omar Wire"}  # accounts the examples name by id

EXAMPLES = {  # action: (changes as services record them, what the history says)
    "training.cohort_created": (
        {"name": [None, "2026-Spring"], "start_date": [None, "2026-01-05"], "end_date": [None, "2026-06-30"]},
        ["Cohort added", "Name: 2026-Spring", "Start date: 01/05/2026", "End date: 06/30/2026"],
    ),
    "training.cohort_updated": (
        {"name": ["2026-Spring", "2026-Spring B"], "end_date": ["2026-06-30", "2026-07-15"], "version": [1, 2]},
        [
            "Cohort updated",
            "Name changed from 2026-Spring to 2026-Spring B",
            "End date changed from 06/30/2026 to 07/15/2026",
        ],
    ),
    "training.course_created": (
        {
            "code": [None, "WELD-110"],
            "title": [None, "Welding"],
            "course_type": [None, "elective"],
            "hours": [None, "24"],
            "credits": [None, 1],
            "pass_mark": [None, "70"],
            "active": [None, True],
        },
        [
            "Course added",
            "Code: WELD-110",
            "Title: Welding",
            "Course type: Elective",
            "Hours: 24",
            "Credits: 1",
            "Pass mark: 70",
            "In use: yes",
        ],
    ),
    "training.course_updated": (
        {"title": ["Welding", "Welding basics"], "version": [1, 2]},
        ["Course updated", "Title changed from Welding to Welding basics"],
    ),
    "training.course_archived": (
        {"archived_at": [None, "2026-01-02T03:04:05+00:00"], "version": [1, 2]},
        ["Archived"],
    ),
    "training.course_restored": (
        {"archived_at": ["2026-01-02T03:04:05+00:00", None], "version": [2, 3]},
        ["Restored"],
    ),
    "training.weights_set": (
        {"weights": ["Equal", "Exam 60%, Quiz 40%"]},
        ["Grade weights set", "Weights changed from Equal to Exam 60%, Quiz 40%"],
    ),
    "training.session_scheduled": (
        {
            "course": "ELEC-101",
            "cohort": "2026-Spring",
            "held_on": [None, "2026-01-06"],
            "starts_at": [None, "18:00"],
            "ends_at": [None, "21:00"],
            "instructor": [None, "Ida Teach"],
            "location": [None, "Hall B"],
        },
        [
            "Session of ELEC-101 for 2026-Spring scheduled",
            "Date set to 01/06/2026",
            "Starts set to 18:00",
            "Ends set to 21:00",
            "Instructor set to Ida Teach",
            "Location set to Hall B",
        ],
    ),
    "training.session_updated": (
        {
            "held_on": ["2026-01-06", "2026-01-07"],
            "starts_at": ["18:00", "17:30"],
            "instructor_id": [12, 14],
            "location": ["Hall B", None],
            "version": [1, 2],
        },
        [
            "Class session updated",
            "Date changed from 01/06/2026 to 01/07/2026",
            "Starts changed from 18:00 to 17:30",
            "Instructor changed from Ida Teach to Omar Wire",
            "Location cleared (was Hall B)",
        ],
    ),
    "training.student_created": (
        {"student_number": [None, "2026-0001"], "status": [None, "enrolled"], "cohort_id": [None, 3]},
        ["Student added", "Student number: 2026-0001", "Status: Enrolled", "Cohort: 2026-Spring"],
    ),
    "training.student_updated": (
        {"status": ["enrolled", "on_leave"], "version": [1, 2]},
        ["Student updated", "Status changed from Enrolled to On leave"],
    ),
    "training.student_archived": (
        {"archived_at": [None, "2026-01-02T03:04:05+00:00"], "version": [1, 2]},
        ["Archived"],
    ),
    "training.student_restored": (
        {"archived_at": ["2026-01-02T03:04:05+00:00", None], "version": [2, 3]},
        ["Restored"],
    ),
    "training.enrolled": (
        {"course": "ELEC-101", "cohort": "2026-Spring", "enrolled_on": "2026-01-05"},
        ["Enrolled in ELEC-101 with 2026-Spring"],
    ),
    "training.attendance_marked": (
        {"session": "ELEC-101 on 2026-01-06", "attendance": [None, "late"], "arrived_at": [None, "18:40"]},
        ["Attendance for ELEC-101 on 2026-01-06", "Attendance set to Late", "Arrived set to 18:40"],
    ),
    "training.assessment_added": (
        {
            "name": [None, "Quiz 1"],
            "assessment_type": [None, "quiz"],
            "points_possible": [None, "10"],
            "due_on": [None, "2026-01-20"],
            "course": "ELEC-101",
            "cohort": "2026-Spring",
        },
        [
            "Assessment added to ELEC-101",
            "Name set to Quiz 1",
            "Assessment type set to Quiz",
            "Points possible set to 10",
            "Due set to 01/20/2026",
        ],
    ),
    "training.assessment_updated": (
        {
            "name": ["Quiz 1", "Quiz 1 (retake)"],
            "assessment_type": ["quiz", "exam"],
            "points_possible": ["10.00", "20"],
            "due_on": [None, "2026-01-27"],
            "version": [1, 2],
        },
        [
            "Assessment updated",
            "Name changed from Quiz 1 to Quiz 1 (retake)",
            "Assessment type changed from Quiz to Exam",
            "Points possible changed from 10.00 to 20",
            "Due set to 01/27/2026",
        ],
    ),
    "training.grade_saved": (
        {"assessment": "Quiz 1", "grade": ["7.5", "EX"]},
        ["Grade for Quiz 1", "Grade changed from 7.5 to EX"],
    ),
    "training.final_grade_recorded": (
        {
            "course": "ELEC-101",
            "status": ["enrolled", "completed"],
            "final_percentage": [None, "84.50"],
            "final_letter": [None, "B"],
        },
        [
            "Final grade recorded in ELEC-101",
            "Status changed from Enrolled to Completed",
            "Final grade (%) set to 84.50",
            "Letter set to B",
        ],
    ),
    "training.withdrawn": (
        {"course": "ELEC-101", "status": ["enrolled", "withdrawn"], "withdrawn_on": [None, "2026-02-10"]},
        ["Withdrawn from ELEC-101", "Status changed from Enrolled to Withdrawn", "Withdrawn on set to 02/10/2026"],
    ),
    "training.transcript_code_issued": (
        {},
        ["Transcript verification code issued"],
    ),
}
