from coach.startup import main

main()
