"""Pre-apprenticeship training: cohorts, courses, sessions, students, attendance, grades, transcripts."""
