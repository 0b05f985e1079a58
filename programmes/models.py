# The programme catalogue arrives with its issue (cohorts, brigade, M@gistère parcours).
